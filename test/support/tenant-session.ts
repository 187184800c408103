import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CentralDb } from '@nova/central-db';
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
 * Test mode's own tests make a test key (`testModeKey`).
 */
export async function registerTenant(
  app: TestApp,
  overrides: Partial<{ slug: string; companyName: string; defaultCurrency: string; draftFinalizeDelayMinutes: number }> = {},
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
  const key = await request(app.url).post('/api/tenants/me/api-keys').set('Authorization', `Bearer ${accessToken}`).send({ name: 'tests', mode: 'live' }).expect(201);
  return { tenantId: tenant.id, slug, email, password, accessToken, refreshToken, apiKey: key.body.secret, as: agent(app, key.body.secret), asAdmin: agent(app, accessToken) };
}
