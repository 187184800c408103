// The billing cycle as the worker runs it: the scheduler's fan-out job reaches every active
// tenant through BullMQ, concurrent and repeated runs never issue a second invoice for a
// period, and one broken tenant does not stop the others.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { BillingService } from '@nova/billing';
import { JOBS, QUEUES, redisOptionsFromUrl } from '@nova/queue';
import { TenantContext, TenantDirectory, tenantRefIn } from '@nova/tenancy';
import { BillingProcessor } from '../../apps/worker/src/billing/billing.processor';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL, TENANT_TEST_PREFIX } from '../support/test-env';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY = 86_400_000;

async function subscribeBackdated(tenant: TenantSession, count: number): Promise<void> {
  const plan = await tenant.as.post('/api/plans').send({ code: 'daily', name: 'Daily' }).expect(201);
  const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 10_000, interval: 'day' }).expect(201);
  for (let i = 0; i < count; i++) {
    const customer = await tenant.as.post('/api/customers').send({ name: `C${i}`, email: `c${i}@example.test` }).expect(201);
    // Started 2.5 days ago: period 0 is invoiced at creation, periods 1 and 2 by the cycle.
    await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 2.5 * DAY).toISOString() }).expect(201);
  }
}

async function invoiceNumbers(tenantId: string): Promise<number[]> {
  const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
  await central.connect();
  const { rows } = await central.query<{ db_name: string }>('SELECT db_name FROM tenants WHERE id = $1', [tenantId]).finally(() => central.end());
  const db = new Client({ connectionString: `${PG_SERVER_URL}/${rows[0]!.db_name}` });
  await db.connect();
  try {
    return (await db.query<{ sequence: string }>('SELECT sequence FROM invoices ORDER BY sequence')).rows.map((row) => Number(row.sequence));
  } finally {
    await db.end();
  }
}

describe('billing cycle in the worker', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(() => app?.close());

  it('fans out to every tenant and bills each period exactly once, however often and concurrently it runs', async () => {
    const [a, b] = await Promise.all([registerTenant(app), registerTenant(app)]);
    await Promise.all([subscribeBackdated(a, 3), subscribeBackdated(b, 2)]);

    // Two concurrent in-process runs for tenant a (as if two workers picked it up at once).
    const billing = app.api.get(BillingService);
    const context = app.api.get(TenantContext);
    const tenantA = tenantRefIn((await app.api.get(TenantDirectory).find(a.tenantId))!, 'live');
    const runs = await Promise.all([0, 1, 2].map(() => context.run(tenantA, () => billing.runCycle())));
    expect(runs.reduce((sum, run) => sum + run.invoicesIssued, 0)).toBe(3 * 2);

    // The scheduler's job, through Redis, twice.
    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    const events = new QueueEvents(QUEUES.billing, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
    try {
      for (let i = 0; i < 2; i++) {
        const job = await queue.add(JOBS.billingRunAll, { correlationId: `test-${i}` });
        await job.waitUntilFinished(events, 20_000);
      }
      // Wait for the per-tenant jobs the fan-outs enqueued.
      const pending = async () => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0);
      };
      const deadline = Date.now() + 20_000;
      while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await events.close();
    }

    // Each subscription: period 0 at creation + periods 1 and 2 by the cycle; numbers gapless.
    expect(await invoiceNumbers(a.tenantId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await invoiceNumbers(b.tenantId)).toEqual([1, 2, 3, 4, 5, 6]);
    const completed = await queue.getJobs(['completed']);
    const tenantJobs = completed.filter((job) => job.name === JOBS.billingRunTenant && job.data.tenantId === b.tenantId);
    expect(tenantJobs.length).toBeGreaterThanOrEqual(1);
  });

  it('numbers invoices without gaps or repeats when many are issued at once', async () => {
    const tenant = await registerTenant(app);
    const plan = await tenant.as.post('/api/plans').send({ code: 'monthly', name: 'Monthly' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 500, interval: 'month' }).expect(201);
    const customers = await Promise.all(Array.from({ length: 12 }, (_, i) => tenant.as.post('/api/customers').send({ name: `P${i}`, email: `p${i}@example.test` }).expect(201)));
    // Each creation issues its first invoice in its own transaction, all racing for the next number.
    const created = await Promise.all(customers.map((customer) => tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id })));
    expect(created.map((response) => response.status)).toEqual(customers.map(() => 201));
    expect(await invoiceNumbers(tenant.tenantId)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('runs as many tenants at once as configured', () => {
    expect(app.worker!.get(BillingProcessor).worker.concurrency).toBe(app.config.billing.tenantConcurrency);
  });

  it('keeps billing other tenants when one tenant\'s database is broken', async () => {
    const [healthy, broken] = await Promise.all([registerTenant(app), registerTenant(app)]);
    await subscribeBackdated(healthy, 1);
    const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
    await central.connect();
    await central.query(`UPDATE tenants SET db_name = $2 WHERE id = $1`, [broken.tenantId, `${TENANT_TEST_PREFIX}missing_database`]).finally(() => central.end());
    app.worker!.get(TenantDirectory).invalidate(broken.tenantId);

    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    const events = new QueueEvents(QUEUES.billing, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
    try {
      const asOf = new Date().toISOString();
      const ok = await queue.add(JOBS.billingRunTenant, { tenantId: healthy.tenantId, correlationId: 'c1', asOf }, { attempts: 1 });
      const bad = await queue.add(JOBS.billingRunTenant, { tenantId: broken.tenantId, correlationId: 'c1', asOf }, { attempts: 1 });
      await expect(bad.waitUntilFinished(events, 20_000)).rejects.toThrow(/does not exist/);
      await expect(ok.waitUntilFinished(events, 20_000)).resolves.toMatchObject({ invoicesIssued: 2 });
    } finally {
      await events.close();
    }
  });
});
