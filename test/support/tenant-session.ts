import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CentralDb } from '@nova/central-db';
import { TenantDirectory } from '@nova/tenancy';
import { TestApp } from './test-app';

export interface TenantSession {
  tenantId: string;
  slug: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  apiKey: string;
  /** Authenticated request with the tenant's API key. */
  as: Agent;
  /** Authenticated request with the owner's JWT. */
  asAdmin: Agent;
}

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';
export type Agent = Record<Method, (path: string) => request.Test>;

export function agent(app: TestApp, token?: string, headers: Record<string, string> = {}): Agent {
  const make = (method: Method) => (path: string) => {
    const test = request(app.url)[method](path).set(headers);
    return token ? test.set('Authorization', `Bearer ${token}`) : test;
  };
  return { get: make('get'), post: make('post'), patch: make('patch'), delete: make('delete'), put: make('put') };
}

/**
 * One line to a realistic starting point: a registered tenant, its owner's tokens and a live API
 * key, so `as` (the key) and `asAdmin` (the JWT, live unless it sends Nova-Mode) see the same data.
 * Test mode's own tests make a test key (`testModeKey`). Live mode needs a verified owner (403
 * email_unverified otherwise), so the owner's address is marked verified as the e-mailed link would
 * (`verified: false` leaves it unverified, and makes no live key: it would be refused).
 */
export async function registerTenant(
  app: TestApp,
  overrides: Partial<{ slug: string; companyName: string; defaultCurrency: string; draftFinalizeDelayMinutes: number; verified: boolean }> = {},
): Promise<TenantSession> {
  const unique = randomUUID().slice(0, 8);
  const slug = overrides.slug ?? `t-${unique}`;
  const email = `owner-${unique}@example.test`;
  const password = 'correct horse battery';
  const registered = await request(app.url)
    .post('/api/auth/register')
    .send({ companyName: overrides.companyName ?? `Tenant ${unique}`, slug, name: 'Owner', email, password, defaultCurrency: overrides.defaultCurrency })
    .expect(201);
  const { accessToken, refreshToken, tenant } = registered.body;
  // New tenants keep the billing cycle's renewals as drafts for an hour (Stripe's default); the tests written before drafts
  // expect them finalized at once, so a session starts with 0 unless it asks for a delay (draft-invoices.e2e-spec.ts).
  // Set in the registry directly: not an admin's change, so nothing in the tenant's audit log.
  await app.api.get(CentralDb).pool.query('UPDATE tenants SET draft_finalize_delay_minutes = $2 WHERE id = $1', [tenant.id, overrides.draftFinalizeDelayMinutes ?? 0]);
  const verified = overrides.verified ?? true;
  if (verified) await markOwnerVerified(app, tenant.id);
  const key = await request(app.url)
    .post('/api/tenants/me/api-keys')
    .set('Authorization', `Bearer ${accessToken}`)
    .set(verified ? {} : { 'Nova-Mode': 'test' })
    .send({ name: 'tests', mode: verified ? 'live' : 'test' })
    .expect(201);
  return { tenantId: tenant.id, slug, email, password, accessToken, refreshToken, apiKey: key.body.secret, as: agent(app, key.body.secret), asAdmin: agent(app, accessToken) };
}

/** What the verification link does (POST /api/auth/verify-email), straight in the central database; the API forgets its cached copy of the tenant. */
export async function markOwnerVerified(app: TestApp, tenantId: string): Promise<void> {
  const directory = app.api.get(TenantDirectory, { strict: false });
  await app.api.get(CentralDb, { strict: false }).pool.query(`UPDATE admin_users SET email_verified_at = coalesce(email_verified_at, now()) WHERE tenant_id = $1 AND role = 'owner'`, [tenantId]);
  directory.invalidate(tenantId);
}
