// The tenant's NovaBilling plan in the central database: signup, an operator's changes, and the two
// limits counted there (API keys, team seats), at the limit and under concurrency.
import { randomUUID } from 'node:crypto';
import { AuthConfig } from '@nova/config';
import { ErrorCode, PLATFORM_PLANS, TRIAL_DAYS } from '@nova/domain';
import { inTransaction } from '@nova/common';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { insertAdminUser } from '../admin-users.repository';
import { createApiKey } from './create-api-key';
import { findTenantBillingSettings } from './find-tenant';
import { RegisterTenant } from './register-tenant';
import { assertSeatAvailable, centralPlanUsage, findTenantPlanLimits, planLimitsOf, setTenantLimit, setTenantPlan } from './tenant-plan';

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const DAY_MS = 86_400_000;

describe('tenant plans (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  beforeAll(async () => {
    db = await migratedCentralDb('tenant_plans');
    services = tenancyServices(db);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  /** Adds a team member the way an accepted invitation will: the seat check and the insert in one transaction. */
  const addMember = (tenantId: string) =>
    inTransaction(db.central.pool, async (client) => {
      await assertSeatAvailable(client, tenantId);
      return insertAdminUser(client, { tenantId, email: `${randomUUID()}@example.test`, name: 'Member', passwordHash: 'x', role: 'member' });
    });

  it('starts a registered tenant on the trial: free-tier limits, ending in 14 days', async () => {
    const { auth } = db.config;
    const register = new RegisterTenant(db.central, services.provisioning, services.passwords, new AuthConfig(auth.jwtSecret, auth.accessTokenTtlSeconds, auth.refreshTokenTtlDays, auth.apiKeyCacheTtlMs, auth.throttle, 'trial'), services.accountMail);
    const before = Date.now();
    const { tenant } = await register.execute({ companyName: 'Trial Co', slug: `trial-${process.pid}`, owner: { email: `trial-${process.pid}@example.test`, name: 'Ada', password: 'correct horse battery staple' } });
    expect(tenant.plan).toBe('trial');
    expect(tenant.trialEndsAt!.getTime()).toBeGreaterThanOrEqual(before + TRIAL_DAYS * DAY_MS);
    expect(tenant.trialEndsAt!.getTime()).toBeLessThanOrEqual(Date.now() + TRIAL_DAYS * DAY_MS);
    expect(await findTenantPlanLimits(db.central, tenant.id)).toMatchObject({ code: 'trial', limits: PLATFORM_PLANS.trial.limits, overridden: [] });
    // Invoicing reads the monthly maximum with the invoice prefix.
    expect(await findTenantBillingSettings(db.central, tenant.id)).toMatchObject({ invoicesPerMonth: 10 });
  });

  it('sets a plan (a paid plan has no trial end), and refuses unknown plans and a trial end on a plan that does not expire', async () => {
    const { slug, tenantId } = await seedTenant(db.central, { plan: 'trial', trialEndsAt: new Date(Date.now() + DAY_MS) });
    await expect(setTenantPlan(db.central, services.directory, { slug, plan: 'enterprise' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'plan' }] } });
    await expect(setTenantPlan(db.central, services.directory, { slug, plan: 'growth', trialEndsAt: new Date() })).rejects.toMatchObject({ details: { fields: [{ field: 'trialEndsAt' }] } });
    await expect(setTenantPlan(db.central, services.directory, { slug: 'nobody', plan: 'growth' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(await setTenantPlan(db.central, services.directory, { slug, plan: 'growth' })).toMatchObject({ plan: 'growth', trialEndsAt: null });
    const extended = new Date('2030-01-31T00:00:00Z');
    expect(await setTenantPlan(db.central, services.directory, { slug, plan: 'trial', trialEndsAt: extended })).toMatchObject({ plan: 'trial', trialEndsAt: extended });
    expect((await services.directory.find(tenantId))?.trialEndsAt).toEqual(extended);
  });

  it('overrides single limits: a number, unlimited, or back to the plan', async () => {
    const { slug, tenantId } = await seedTenant(db.central, { plan: 'starter' });
    expect(planLimitsOf((await services.directory.find(tenantId))!).customers).toBe(500); // now cached in the directory
    await setTenantLimit(db.central, services.directory, { slug, limit: 'customers', max: 2_000 });
    // The directory's copy (what a create checks against) follows at once: the change was announced.
    await waitFor(async () => planLimitsOf((await services.directory.find(tenantId))!).customers === 2_000);
    expect(await setTenantLimit(db.central, services.directory, { slug, limit: 'teamSeats', max: null })).toMatchObject({
      limits: { customers: 2_000, invoicesPerMonth: 1_000, apiKeys: 5, teamSeats: null },
      overridden: ['customers', 'teamSeats'],
    });
    expect(await setTenantLimit(db.central, services.directory, { slug, limit: 'customers', max: 'plan' })).toMatchObject({ limits: { customers: 500 }, overridden: ['teamSeats'] });
    await expect(setTenantLimit(db.central, services.directory, { slug, limit: 'widgets', max: 1 })).rejects.toMatchObject({ details: { fields: [{ field: 'limit' }] } });
    await expect(setTenantLimit(db.central, services.directory, { slug, limit: 'apiKeys', max: -1 })).rejects.toMatchObject({ details: { fields: [{ field: 'max' }] } });
    // Overrides survive a plan change: they are the operator's, not the plan's.
    await setTenantPlan(db.central, services.directory, { slug, plan: 'growth' });
    expect((await findTenantPlanLimits(db.central, tenantId)).limits.teamSeats).toBeNull();
    await waitFor(async () => planLimitsOf((await services.directory.find(tenantId))!).teamSeats === null && (await services.directory.find(tenantId))!.plan === 'growth');
    expect(planLimitsOf((await services.directory.find(tenantId))!)).toEqual({ customers: 5_000, invoicesPerMonth: 10_000, apiKeys: 20, teamSeats: null });
  });

  it('refuses a team member past the seats of the plan, naming teamSeats', async () => {
    const { tenantId } = await seedTenant(db.central, { plan: 'starter' }); // 3 seats, the owner holds one
    await addMember(tenantId);
    await addMember(tenantId);
    await expect(addMember(tenantId)).rejects.toMatchObject({ code: ErrorCode.PlanLimitReached, details: { limit: { name: 'teamSeats', used: 3, max: 3 } } });
    expect(await centralPlanUsage(db.central, tenantId)).toEqual({ apiKeys: 0, teamSeats: 3 });
  });

  it('lets one of two concurrent additions take the last seat', async () => {
    const { tenantId } = await seedTenant(db.central, { plan: 'starter' });
    await addMember(tenantId);
    const results = await Promise.allSettled([addMember(tenantId), addMember(tenantId)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await centralPlanUsage(db.central, tenantId)).teamSeats).toBe(3);
  });

  it('lets exactly as many concurrent API keys through as the plan allows', async () => {
    const { tenantId } = await seedTenant(db.central, { plan: 'trial', trialEndsAt: new Date(Date.now() + DAY_MS) }); // 2 keys
    const results = await Promise.allSettled([1, 2, 3, 4].map((i) => createApiKey(db.central, { tenantId, name: `k${i}`, mode: 'test' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    for (const refused of results.filter((result): result is PromiseRejectedResult => result.status === 'rejected')) {
      expect(refused.reason).toMatchObject({ code: ErrorCode.PlanLimitReached, details: { limit: { name: 'apiKeys', used: 2, max: 2 } } });
    }
  });
});
