// Request ids, idempotency of multipart uploads, invoice re-sends, readiness while draining,
// failed job attempts in the logs and job schedulers that come back by themselves.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ShutdownGate } from '@nova/common';
import { JOBS, QUEUES, SendInvoiceJob } from '@nova/queue';
import { BILLING_SCHEDULER_ID, DRAFT_FINALIZE_SCHEDULER_ID } from '../../apps/worker/src/billing/billing-scheduler';
import { STK_RECONCILIATION_SCHEDULER_ID } from '../../apps/worker/src/payments/stk-reconciliation';
import { WEBHOOK_SWEEP_SCHEDULER_ID } from '../../apps/worker/src/payments/webhook-sweep';
import { TestApp, startTestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { PrivateDatabases, privateDatabases } from '../support/private-databases';
import { TenantSession, registerTenant } from '../support/tenant-session';
import { AppProcess, freePort, startWorkerProcess, stopProcess } from '../support/processes';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { loadConfig } from '@nova/config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DECK_HEADER = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee';

async function invoiceOf(tenant: TenantSession): Promise<string> {
  const customer = await tenant.as.post('/api/customers').send({ name: 'Invoiced', email: 'invoiced@example.test' }).expect(201);
  const plan = await tenant.as.post('/api/plans').send({ code: `p${Date.now()}`, name: 'P' }).expect(201);
  const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 700, interval: 'month' }).expect(201);
  await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
  const invoices = await tenant.as.get('/api/invoices').query({ customerId: customer.body.id }).expect(200);
  return invoices.body.data[0].id as string;
}

describe('process lifecycle', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let mail: Queue<SendInvoiceJob>;
  // A registry of this file's own: the workers' sweeps and cycles here see only its tenants.
  let dbs: PrivateDatabases;

  beforeAll(async () => {
    dbs = await privateDatabases('lc');
    app = await startTestApp({ worker: false, env: dbs.env });
    tenant = await registerTenant(app);
    mail = app.api.get<Queue<SendInvoiceJob>>(getQueueToken(QUEUES.mail));
  });

  afterAll(async () => {
    await app?.close();
    await dbs?.drop();
  });

  it('gives every request a UUID (or keeps a valid incoming X-Request-Id), returns it on every answer and carries it into jobs', async () => {
    const [first, second] = await Promise.all([tenant.as.get('/api/customers').expect(200), tenant.as.get('/api/customers').expect(200)]);
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
    // Errors and unknown routes carry it too; a malformed incoming id is replaced.
    const missing = await tenant.as.get('/api/no-such-route').expect(404);
    expect(missing.headers['x-request-id']).toMatch(UUID);
    const unauthenticated = await tenant.as.get('/api/customers').set('Authorization', 'Bearer nope').set('X-Request-Id', 'bad id with spaces').expect(401);
    expect(unauthenticated.headers['x-request-id']).toMatch(UUID);

    const invoiceId = await invoiceOf(tenant);
    const sent = await tenant.as.post(`/api/invoices/${invoiceId}/send`).set('X-Request-Id', 'trace-4711-abc').send({}).expect(202);
    expect(sent.headers['x-request-id']).toBe('trace-4711-abc');
    const job = await mail.getJob(sent.body.jobId);
    expect(job?.data).toMatchObject({ tenantId: tenant.tenantId, invoiceId, correlationId: 'trace-4711-abc' });
  });

  it('re-sends an invoice to another address within the minute, and still sends once per address', async () => {
    const invoiceId = await invoiceOf(tenant);
    const toA = await tenant.as.post(`/api/invoices/${invoiceId}/send`).send({ to: 'a@example.test' }).expect(202);
    const toAAgain = await tenant.as.post(`/api/invoices/${invoiceId}/send`).send({ to: 'A@example.test' }).expect(202);
    const toB = await tenant.as.post(`/api/invoices/${invoiceId}/send`).send({ to: 'b@example.test' }).expect(202);
    expect(toAAgain.body.jobId).toBe(toA.body.jobId);
    expect(toB.body.jobId).not.toBe(toA.body.jobId);
    expect((await mail.getJob(toA.body.jobId))?.data.to).toBe('a@example.test');
    expect((await mail.getJob(toB.body.jobId))?.data.to).toBe('b@example.test');
  });

  it('fingerprints multipart bodies: the same Idempotency-Key with another file is refused, with the same file replayed', async () => {
    const plan = await tenant.as.post('/api/rate-plans').send({ name: 'Deck', currency: 'NGN', timezone: 'Africa/Lagos', rounding: { method: 'up', decimals: 4 } }).expect(201);
    const upload = (deck: string) =>
      tenant.as.post(`/api/rate-plans/${plan.body.id}/deck`).set('Idempotency-Key', 'deck-upload-1').attach('file', Buffer.from(deck), { filename: 'deck.csv', contentType: 'text/csv' });
    const first = await upload(`${DECK_HEADER}\n234803,NG Mobile MTN,6,60,60,60,0`).expect(200);
    expect(first.body).toMatchObject({ prefixes: 1, rates: 1 });
    const other = await upload(`${DECK_HEADER}\n2341,NG Lagos Fixed,3,60,60,1,0.5\n2342,NG Ibadan,3,60,60,1,0`).expect(409);
    expect(other.body.message).toMatch(/different request/);
    const again = await upload(`${DECK_HEADER}\n234803,NG Mobile MTN,6,60,60,60,0`).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // The refused file's destinations were never imported.
    const stored = await tenant.as.get(`/api/rate-plans/${plan.body.id}`).expect(200);
    expect(stored.body.destinations.map((destination: { name: string }) => destination.name)).toEqual(['NG Mobile MTN']);
  });

  it('fingerprints streamed text/csv bodies too: the same Idempotency-Key with another CDR file is refused and stores none of its CDRs', async () => {
    const header = 'id,caller_number,called_number,started_at,duration_seconds';
    const upload = (rows: string[]) =>
      tenant.as.post('/api/cdrs/upload').set('Idempotency-Key', 'cdr-upload-1').set('content-type', 'text/csv').send([header, ...rows].join('\n'));
    const first = await upload(['idem-1,+254700000001,+2348031230001,2026-03-01T10:00:00Z,60']).expect(202);
    const other = await upload(['idem-2,+254700000001,+2348031230001,2026-03-01T10:05:00Z,60', 'idem-3,+254700000001,+2348031230001,2026-03-01T10:06:00Z,60']).expect(409);
    expect(other.body.message).toMatch(/different request/);
    const again = await upload(['idem-1,+254700000001,+2348031230001,2026-03-01T10:00:00Z,60']).expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const listed = await tenant.as.get('/api/cdrs?limit=100').expect(200);
    const switchIds = (listed.body.data as { switchId?: string; id: string }[]).map((cdr) => cdr.switchId);
    expect(switchIds).toContain('idem-1');
    expect(switchIds).not.toContain('idem-2');
    expect(switchIds).not.toContain('idem-3');
  });

  it('while draining: readiness and new requests answer 503 with Retry-After and Connection: close', async () => {
    const draining = await startTestApp({ worker: false, env: dbs.env });
    try {
      await fetch(`${draining.url}/health/ready`).then((response) => expect(response.status).toBe(200));
      draining.api.get(ShutdownGate).drain();
      const ready = await fetch(`${draining.url}/health/ready`);
      expect(ready.status).toBe(503);
      const refused = await fetch(`${draining.url}/api/customers`, { headers: { authorization: `Bearer ${tenant.apiKey}` } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.headers.get('connection')).toBe('close');
      expect(refused.headers.get('x-request-id')).toMatch(UUID);
      expect(await refused.json()).toMatchObject({ code: 'shutting_down' });
    } finally {
      await draining.close();
    }
  });

  describe('worker', () => {
    let worker: AppProcess | undefined;
    afterAll(() => stopProcess(worker));

    it('logs every failed attempt with job, queue, tenant, correlation id and attempt (no secrets)', async () => {
      const closedSmtpPort = await freePort(); // nothing listens: every delivery attempt fails
      worker = await startWorkerProcess({ ...testEnv({ ...dbs.env, QUEUE_PREFIX: app.config.redis.queuePrefix }), SMTP_PORT: String(closedSmtpPort), SMTP_USER: 'mailer', SMTP_PASSWORD: 'smtp-secret-42' });
      const invoiceId = await invoiceOf(tenant);
      const job = await mail.add(JOBS.sendInvoice, { tenantId: tenant.tenantId, mode: 'live', correlationId: 'corr-smtp-1', invoiceId }, { attempts: 3, backoff: { type: 'fixed', delay: 100 } });
      const attempts = await Promise.all(
        [1, 2, 3].map((attempt) => worker!.waitForLog((line) => line.jobId === job.id && line.attempt === attempt, 30_000)),
      );
      for (const [index, line] of attempts.entries()) {
        expect(line).toMatchObject({ job: JOBS.sendInvoice, queue: QUEUES.mail, tenantId: tenant.tenantId, mode: 'live', correlationId: 'corr-smtp-1', attempt: index + 1, maxAttempts: 3, willRetry: index < 2 });
        expect(line.error).toMatch(/ECONNREFUSED|connect/i);
      }
      expect(attempts[2]!.level).toBeGreaterThan(attempts[0]!.level as number); // the last one is an error, not a warning
      expect(JSON.stringify(worker.logs)).not.toContain('smtp-secret-42');
    });
  });

  it('re-registers job schedulers that vanished from Redis, periodically', async () => {
    const config = loadConfig(testEnv({ ...dbs.env, JOB_SCHEDULER_REASSERT_MS: '1000' }));
    const context: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    try {
      const billing = context.get<Queue>(getQueueToken(QUEUES.billing));
      const payments = context.get<Queue>(getQueueToken(QUEUES.payments));
      expect((await billing.getJobSchedulers()).map((scheduler) => scheduler.key)).toContain(BILLING_SCHEDULER_ID);
      // Gone, as after a Redis that lost its data: back within a period.
      await billing.removeJobScheduler(BILLING_SCHEDULER_ID);
      await billing.removeJobScheduler(DRAFT_FINALIZE_SCHEDULER_ID);
      await payments.removeJobScheduler(WEBHOOK_SWEEP_SCHEDULER_ID);
      await payments.removeJobScheduler(STK_RECONCILIATION_SCHEDULER_ID);
      expect(await billing.getJobSchedulers()).toHaveLength(0);
      expect(await payments.getJobSchedulers()).toHaveLength(0);
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline && ((await billing.getJobSchedulers()).length < 2 || (await payments.getJobSchedulers()).length < 2)) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await billing.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual([BILLING_SCHEDULER_ID, DRAFT_FINALIZE_SCHEDULER_ID].sort());
      expect((await payments.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual([STK_RECONCILIATION_SCHEDULER_ID, WEBHOOK_SWEEP_SCHEDULER_ID].sort());
    } finally {
      await context.close();
    }
  });
});
