// Chaos: a worker killed (SIGKILL) in the middle of a billing cycle, a Redis that restarts empty
// while CDRs flow, and an API SIGTERMed under load. Each asserts that nothing acknowledged is
// lost and nothing is done twice.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JOBS, QUEUES, jobId, redisOptionsFromUrl } from '@nova/queue';
import { BILLING_SCHEDULER_ID, DRAFT_FINALIZE_SCHEDULER_ID } from '../../apps/worker/src/billing/billing-scheduler';
import { STK_RECONCILIATION_SCHEDULER_ID } from '../../apps/worker/src/payments/stk-reconciliation';
import { WEBHOOK_SWEEP_SCHEDULER_ID } from '../../apps/worker/src/payments/webhook-sweep';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { testEnv as sharedTestEnv } from '../support/test-env';
import { PrivateDatabases, privateDatabases } from '../support/private-databases';
import { TenantSession, registerTenant } from '../support/tenant-session';
import { AppProcess, PrivateRedis, privateRedis, startApiProcess, startWorkerProcess, stopProcess } from '../support/processes';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

// A registry of this file's own: its schedulers' fan-outs and sweeps see only its tenants.
let dbs: PrivateDatabases;
const testEnv = (overrides: Record<string, string> = {}) => sharedTestEnv({ ...dbs.env, ...overrides });

async function tenantRows<T extends object>(tenantId: string, sql: string): Promise<T[]> {
  const db = await connectTenantDb(tenantId, dbs.env.CENTRAL_DATABASE_URL);
  try {
    return (await db.query<T>(sql)).rows;
  } finally {
    await db.end();
  }
}

describe('chaos', () => {
  const processes: (AppProcess | undefined)[] = [];
  const apps: TestApp[] = [];
  let redis: PrivateRedis | undefined;

  beforeAll(async () => {
    dbs = await privateDatabases('cx');
  });

  afterAll(async () => {
    await Promise.all(processes.map((child) => stopProcess(child)));
    for (const app of apps) await app.close();
    await redis?.kill();
    await dbs?.drop();
  });

  it('a worker killed between commit and delivery loses no event: the next worker delivers it', async () => {
    const env = testEnv({ WEBHOOK_TIMEOUT_MS: '1000' });
    const setup = await startTestApp({ worker: false, env });
    apps.push(setup);
    const tenant = await registerTenant(setup);
    // A receiver that hangs on its first request (the doomed worker's delivery stays in flight), then answers 200.
    const received: { eventId: string; answered: boolean }[] = [];
    const receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
        const answered = received.length > 0;
        received.push({ eventId: event.id, answered });
        if (answered) response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const hook = (await tenant.asAdmin.post('/api/webhook-endpoints').send({ url, enabledEvents: ['customer.created'] }).expect(201)).body;
      const doomed = await startWorkerProcess(env);
      processes.push(doomed);
      const customer = (await tenant.as.post('/api/customers').send({ name: 'Chaos', email: 'chaos-hook@example.test' }).expect(201)).body;
      // Committed with the customer: the event is in the outbox before any worker touches it.
      const event = (await tenant.as.get('/api/events').query({ type: 'customer.created' }).expect(200)).body.data.find((candidate: { data: { object: { id: string } } }) => candidate.data.object.id === customer.id);
      expect(event).toBeDefined();
      await eventually('the doomed worker\'s delivery in flight', async () => received.length, (count) => count >= 1, 30_000);
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      const next = await startWorkerProcess(env);
      processes.push(next);
      await eventually('the delivery by the next worker', async () => received.filter((delivery) => delivery.answered).length, (count) => count >= 1, 45_000);
      expect(received.map((delivery) => delivery.eventId)).toEqual(expect.arrayContaining([event.id]));
      expect(new Set(received.map((delivery) => delivery.eventId))).toEqual(new Set([event.id]));
      const log = await eventually('the delivery log', async () => (await tenant.asAdmin.get(`/api/webhook-endpoints/${hook.id}/deliveries`).expect(200)).body.data as { status: string; eventId: string }[], (rows) => rows.some((row) => row.status === 'succeeded'), 20_000);
      expect(log).toEqual([expect.objectContaining({ eventId: event.id, status: 'succeeded' })]);
      await stopProcess(next);
    } finally {
      receiver.closeAllConnections();
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 180_000);

  it('a worker killed mid-cycle: the next worker bills every subscription exactly once, numbers gapless', async () => {
    const env = testEnv({ BILLING_BATCH_SIZE: '5' });
    const setup = await startTestApp({ worker: false, env });
    apps.push(setup);
    const tenant = await registerTenant(setup);
    const plan = await tenant.as.post('/api/plans').send({ code: 'daily', name: 'Daily' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 10_000, interval: 'day' }).expect(201);
    const SUBSCRIPTIONS = 200;
    // Started 2.5 days ago: period 0 invoiced at creation, periods 1 and 2 by the cycle.
    await inParallel(Array.from({ length: SUBSCRIPTIONS }, (_, i) => i), 8, async (i) => {
      const customer = await tenant.as.post('/api/customers').send({ name: `Chaos ${i}`, email: `chaos${i}@example.test` }).expect(201);
      await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 2.5 * DAY).toISOString() }).expect(201);
    });
    const invoiceCount = async () => Number((await tenantRows<{ count: string }>(tenant.tenantId, 'SELECT count(*) FROM invoices'))[0]!.count);
    expect(await invoiceCount()).toBe(SUBSCRIPTIONS);

    const doomed = await startWorkerProcess(env);
    processes.push(doomed);
    const billing = setup.api.get<Queue>(getQueueToken(QUEUES.billing));
    // A tick of a minute ago, so the next worker's own tick is another job.
    const asOf = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'chaos-kill', asOf }, { jobId: jobId('billing', tenant.tenantId, asOf) });
    // Kill it as soon as the cycle has committed some invoices (in batches of five subscriptions).
    const atKill = await eventually('cycle started', invoiceCount, (count) => count > SUBSCRIPTIONS, 20_000, 5);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const afterKill = await invoiceCount();
    expect(afterKill).toBeLessThan(SUBSCRIPTIONS * 3); // it really died mid-cycle

    // A new worker and the next tick: it bills what the killed one did not, and nothing twice.
    const next = await startWorkerProcess(env);
    processes.push(next);
    await billing.add(JOBS.billingRunAll, { correlationId: 'chaos-next-tick' });
    await eventually('all periods billed', invoiceCount, (count) => count >= SUBSCRIPTIONS * 3, 30_000);
    await sleep(300); // anything extra would show up now
    const perSubscription = await tenantRows<{ invoices: string; periods: string }>(
      tenant.tenantId,
      'SELECT count(*) AS invoices, count(DISTINCT period_start) AS periods FROM invoices GROUP BY subscription_id',
    );
    expect(perSubscription).toHaveLength(SUBSCRIPTIONS);
    expect(perSubscription.every((row) => row.invoices === '3' && row.periods === '3')).toBe(true);
    const numbers = await tenantRows<{ sequence: string }>(tenant.tenantId, 'SELECT sequence FROM invoices ORDER BY sequence');
    expect(numbers.map((row) => Number(row.sequence))).toEqual(Array.from({ length: SUBSCRIPTIONS * 3 }, (_, i) => i + 1));
    expect(atKill).toBeGreaterThan(SUBSCRIPTIONS);
    await stopProcess(next);
  });

  it('Redis restarts empty while CDRs flow: every acknowledged CDR is rated, and the job schedulers come back and run', async () => {
    redis = await privateRedis();
    // The cycle every two seconds: a billing run after the restart shows the scheduler is back.
    const env = testEnv({ REDIS_URL: redis.url, BILLING_CYCLE_CRON: '*/2 * * * * *' });
    const app = await startTestApp({ worker: false, env });
    apps.push(app);
    const worker = await startWorkerProcess(env);
    processes.push(worker);
    const tenant: TenantSession = await registerTenant(app, { defaultCurrency: 'NGN' });
    const ratePlan = await tenant.as.post('/api/rate-plans').send({ name: 'Chaos NG', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } }).expect(201);
    await tenant.as.post(`/api/rate-plans/${ratePlan.body.id}/deck`).set('content-type', 'text/csv')
      .send('prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee\n234803,NG Mobile MTN,6,60,60,60,0').expect(200);
    const plan = await tenant.as.post('/api/plans').send({ code: 'voice', name: 'Voice' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 100_000, interval: 'month' }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Caller', email: 'caller@example.test' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 10 * DAY).toISOString() }).expect(201);
    const account = await tenant.as.post('/api/accounts').send({ subscriptionId: subscription.body.id, ratePlanId: ratePlan.body.id, kind: 'postpaid' }).expect(201);
    await tenant.as.post('/api/dids').send({ numbers: ['+254700000099'] }).expect(201);
    const did = ((await tenant.as.get('/api/dids').query({ status: 'available', limit: 100 }).expect(200)).body.data as { id: string }[])[0]!;
    await tenant.as.post(`/api/dids/${did.id}/assign`).send({ accountId: account.body.id }).expect(200);

    // Three senders post batches of CDRs the whole time; Redis dies and comes back empty meanwhile.
    const acknowledged: string[] = [];
    const failures: number[] = [];
    let sending = true;
    let sequence = 0;
    const sender = async () => {
      while (sending) {
        const ids = Array.from({ length: 20 }, () => `chaos-cdr-${sequence++}`);
        const started = new Date(Date.now() - 2 * DAY);
        const cdrs = ids.map((id, i) => ({ id, callerNumber: '+254700000099', calledNumber: '+2348031230001', startedAt: new Date(started.getTime() + i * 1000).toISOString(), durationSeconds: 61 }));
        const response = await tenant.as.post('/api/cdrs/batch').send({ cdrs }).timeout(20_000).then((res) => res, () => undefined);
        if (response?.status === 202) acknowledged.push(...ids);
        else failures.push(response?.status ?? 0);
      }
    };
    const senders = [sender(), sender(), sender()];
    await sleep(1_000);
    await redis.kill();
    await sleep(1_000);
    await redis.start();
    await sleep(2_500);
    sending = false;
    await Promise.all(senders);

    expect(failures).toEqual([]); // requests during the outage waited for Redis instead of failing
    expect(acknowledged.length).toBeGreaterThan(100);
    const statuses = await eventually(
      'CDRs rated',
      () => tenantRows<{ status: string; count: string }>(tenant.tenantId, `SELECT status, count(*) FROM cdrs WHERE switch_id LIKE 'chaos-cdr-%' GROUP BY status`),
      (rows) => rows.length === 1 && rows[0]!.status === 'rated',
      20_000,
    );
    expect(Number(statuses[0]!.count)).toBe(acknowledged.length);

    // The restarted Redis knew nothing; the worker put its schedulers back and the cycle ran.
    const connection = redisOptionsFromUrl(redis.url);
    const billing = new Queue(QUEUES.billing, { connection, prefix: env.QUEUE_PREFIX });
    const payments = new Queue(QUEUES.payments, { connection, prefix: env.QUEUE_PREFIX });
    try {
      expect((await billing.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual([BILLING_SCHEDULER_ID, DRAFT_FINALIZE_SCHEDULER_ID].sort());
      expect((await payments.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual([STK_RECONCILIATION_SCHEDULER_ID, WEBHOOK_SWEEP_SCHEDULER_ID].sort());
      await eventually('a billing run after the restart', async () => (await billing.getJobs(['completed'])).filter((job) => job.name === JOBS.billingRunAll).length, (count) => count > 0, 10_000);
    } finally {
      await Promise.all([billing.close(), payments.close()]);
    }
    expect(worker.logs.some((line) => line.msg === 'Job schedulers re-registered' && line.reason === 'redis-reconnected')).toBe(true);
    await stopProcess(worker);
  });

  it('the API SIGTERMed under load: every request completed or was refused before it ran; retries create nothing twice', async () => {
    const env = testEnv();
    const setup = await startTestApp({ worker: false, env });
    apps.push(setup);
    const tenant = await registerTenant(setup);
    const api = await startApiProcess(env);
    processes.push(api);

    type Outcome = { key: string; status: number | 'refused'; at: number };
    const outcomes: Outcome[] = [];
    /** One request on its own connection: its status, or 'refused' when no answer came (connection refused or reset). */
    const create = (url: string, key: string) =>
      new Promise<number | 'refused'>((resolve) => {
        const body = JSON.stringify({ name: key, email: `${key}@example.test` });
        const req = httpRequest(`${url}/api/customers`, {
          method: 'POST',
          agent: false,
          headers: { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': key },
        }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve('refused'));
        req.end(body);
      });
    let running = true;
    const client = async () => {
      while (running) {
        const key = `load-${randomUUID()}`;
        const status = await create(api.url, key);
        outcomes.push({ key, status, at: Date.now() });
        if (status === 'refused') running = false;
      }
    };
    const clients = Array.from({ length: 6 }, () => client());
    // Under load before the signal: wait for acknowledged creations, not for a fixed time (a loaded machine is slower).
    const acknowledged = () => outcomes.filter((outcome) => outcome.status === 201).length;
    const loadDeadline = Date.now() + 30_000;
    while (acknowledged() <= 10 && Date.now() < loadDeadline) await sleep(50);
    const signalled = Date.now();
    api.child.kill('SIGTERM');
    await Promise.all(clients);
    expect(await api.exited).toBe(0);

    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    expect([...statuses].every((status) => status === 201 || status === 503 || status === 'refused')).toBe(true);
    expect(outcomes.filter((outcome) => outcome.status === 201).length).toBeGreaterThan(10);
    // Requests in flight at SIGTERM were finished, not cut off.
    expect(outcomes.some((outcome) => outcome.status === 201 && outcome.at > signalled)).toBe(true);

    // Clients retry what was not acknowledged, with the same Idempotency-Key, on another replica.
    const again = setup;
    const retried = outcomes.filter((outcome) => outcome.status !== 201);
    for (const outcome of retried) expect(await create(again.url, outcome.key)).toBe(201);
    // And a client that never heard back about an acknowledged one retries it too: replayed, not doubled.
    for (const outcome of outcomes.filter((o) => o.status === 201).slice(0, 3)) expect(await create(again.url, outcome.key)).toBe(201);

    const rows = await tenantRows<{ name: string; count: string }>(tenant.tenantId, `SELECT name, count(*) FROM customers WHERE name LIKE 'load-%' GROUP BY name`);
    const created = new Map(rows.map((row) => [row.name, Number(row.count)]));
    expect(created.size).toBe(outcomes.length);
    for (const outcome of outcomes) expect(created.get(outcome.key)).toBe(1);
  });
});
