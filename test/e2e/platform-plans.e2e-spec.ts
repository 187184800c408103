// NovaBilling's own plans over HTTP: a tenant registers on the 14-day trial with the free tier's
// limits, sees its usage at GET /api/tenants/me, hits a limit (402 naming it), an operator raises
// it with `npm run tenant -- plan limit` and the next request works; a trial that has ended leaves
// the tenant read-only (403 trial_ended) until the operator sets a plan.
import request from 'supertest';
import { tenantCommand } from '../../scripts/tenant';
import { TestApp, startTestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { TenantSession, registerTenant } from '../support/tenant-session';

// The operator script and the API must share a queue prefix: it names the invalidation channel.
const PLANS_ENV = { SIGNUP_PLAN: 'trial', QUEUE_PREFIX: `nbtest-plans-${process.pid}` };
const DAY_MS = 86_400_000;

/** Polls for up to three seconds: the plan change reaches the API's tenant cache over pub/sub. */
async function eventually(check: () => Promise<number>, status: number): Promise<void> {
  const deadline = Date.now() + 3_000;
  let last = 0;
  while (Date.now() < deadline) {
    last = await check();
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`expected ${status} within 3 s, still ${last}`);
}

describe('platform plans: trial, limits, operator changes', () => {
  const env = testEnv(PLANS_ENV);
  const printed: string[] = [];
  const operator = (...args: string[]) => tenantCommand(['plan', ...args], env, (line) => printed.push(line));
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: PLANS_ENV });
    tenant = await registerTenant(app);
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    printed.length = 0;
  });

  const newCustomer = (n: number) => tenant.as.post('/api/customers').send({ name: `Customer ${n}`, email: `c${n}@example.test`, currency: 'KES' });

  it('registers on the trial and shows the free-tier limits with their usage', async () => {
    const me = (await tenant.asAdmin.get('/api/tenants/me').expect(200)).body;
    expect(me.object).toBe('tenant');
    expect(me.plan).toEqual({
      object: 'platform_plan',
      code: 'trial',
      name: 'Trial',
      trialEndsAt: expect.any(String),
      access: 'full',
      limits: {
        customers: { used: 0, max: 50 },
        invoicesPerMonth: { used: 0, max: 10 },
        apiKeys: { used: 1, max: 2 }, // the key registerTenant made
        teamSeats: { used: 1, max: 1 },
      },
    });
    const endsIn = new Date(me.plan.trialEndsAt).getTime() - Date.now();
    expect(endsIn).toBeGreaterThan(14 * DAY_MS - 60_000);
    expect(endsIn).toBeLessThanOrEqual(14 * DAY_MS);
  });

  it('refuses the 51st customer with 402 naming the limit; the operator raises it and the next create works', async () => {
    for (let n = 1; n <= 50; n++) await newCustomer(n).expect(201);
    const refused = await newCustomer(51).expect(402);
    expect(refused.body).toMatchObject({
      statusCode: 402,
      code: 'plan_limit_reached',
      limit: { name: 'customers', used: 50, max: 50 },
      message: expect.stringContaining('allows 50 customers'),
    });

    await operator('limit', tenant.slug, 'customers=60');
    expect(printed).toContain(`  customers                50 / 60 (override)`);
    await newCustomer(51).expect(201);
    const me = (await tenant.asAdmin.get('/api/tenants/me').expect(200)).body;
    expect(me.plan.limits.customers).toEqual({ used: 51, max: 60 });
  });

  it('refuses a third API key (apiKeys) and a one-off invoice past invoicesPerMonth', async () => {
    await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'second', mode: 'live' }).expect(201);
    const keyRefused = await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'third', mode: 'live' }).expect(402);
    expect(keyRefused.body).toMatchObject({ code: 'plan_limit_reached', limit: { name: 'apiKeys', used: 2, max: 2 } });

    await operator('limit', tenant.slug, 'invoicesPerMonth=1');
    const customer = (await newCustomer(52).expect(201)).body;
    const invoice = { customerId: customer.id, lines: [{ description: 'Setup', quantity: 1, unitAmount: 50_000 }] };
    await tenant.as.post('/api/invoices').send(invoice).expect(201);
    const invoiceRefused = await tenant.as.post('/api/invoices').send(invoice).expect(402);
    expect(invoiceRefused.body).toMatchObject({ code: 'plan_limit_reached', limit: { name: 'invoicesPerMonth', used: 1, max: 1 } });
    // Back to the plan's own maximum: the invoice goes through.
    await operator('limit', tenant.slug, 'invoicesPerMonth=plan');
    await tenant.as.post('/api/invoices').send(invoice).expect(201);
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.plan.limits.invoicesPerMonth).toEqual({ used: 2, max: 10 });
  });

  it('leaves a tenant whose trial ended read-only (403 trial_ended) until a plan is set', async () => {
    const ended = new Date(Date.now() - 60_000).toISOString();
    await operator('set', tenant.slug, 'trial', '--trial-ends', ended);
    expect(printed[0]).toBe(`${tenant.slug}: plan trial, trial ends ${ended}`);
    expect(printed[1]).toBe(`${tenant.slug}: plan trial, trial ends ${ended} (trial ended: read-only)`);

    await eventually(async () => (await newCustomer(100)).status, 403);
    const refused = await newCustomer(100).expect(403);
    expect(refused.body).toMatchObject({ code: 'trial_ended', trialEndsAt: ended, message: expect.stringContaining('read-only') });
    // Reads, the admin's own account and signing in still work.
    await tenant.as.get('/api/customers').expect(200);
    const me = (await tenant.asAdmin.get('/api/tenants/me').expect(200)).body;
    expect(me.plan).toMatchObject({ code: 'trial', access: 'read_only', trialEndsAt: ended });
    await request(app.url).post('/api/auth/login').send({ email: tenant.email, password: tenant.password }).expect(200);
    await tenant.asAdmin.patch('/api/tenants/me').send({ name: 'Renamed' }).expect(403);

    await operator('set', tenant.slug, 'starter');
    await eventually(async () => (await newCustomer(100)).status, 201);
    expect((await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.plan).toMatchObject({ code: 'starter', trialEndsAt: null, access: 'full', limits: { customers: { max: 60 }, teamSeats: { max: 3 } } });
  });

  it('shows the plan to the operator, and refuses what it does not know', async () => {
    await operator('show', tenant.slug);
    expect(printed).toEqual([
      `${tenant.slug}: plan starter`,
      '  customers                53 / 60 (override)',
      '  invoicesPerMonth          2 / 1000',
      '  apiKeys                   2 / 5',
      '  teamSeats                 1 / 3',
    ]);
    await expect(operator('set', tenant.slug, 'enterprise')).rejects.toThrow('plan: must be one of trial, free, starter, growth, scale');
    await expect(operator('limit', tenant.slug, 'customers=lots')).rejects.toThrow('is not <limit>=<n|unlimited|plan>');
    await expect(operator('limit', tenant.slug, 'widgets=5')).rejects.toThrow('limit: must be one of customers, invoicesPerMonth, apiKeys, teamSeats');
    await expect(operator('show', 'no-such-tenant')).rejects.toThrow('was not found');
  });
});
