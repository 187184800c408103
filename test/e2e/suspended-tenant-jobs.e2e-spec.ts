// One rule for every worker job of a tenant that is not active (decideTenantJob): a suspended
// tenant is not billed, rated, charged or e-mailed, through the real worker and queues; on resume
// the billing cycle catches up and the CDRs left queued are rated. Money its customers already paid
// is still settled, without e-mails. A deleted tenant's jobs complete as skipped, never retried.
import { getQueueToken } from '@nestjs/bullmq';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { FakeFlutterwave, startFakeFlutterwave } from '../../libs/payments/testing';
import { JOBS, QUEUES, redisOptionsFromUrl } from '@nova/queue';
import { TelecomRatingService, storeCdrs } from '@nova/telecom';
import { TenantContext, TenantDb, TenantDirectory, tenantRefIn } from '@nova/tenancy';
import { tenantCommand } from '../../scripts/tenant';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL, testEnv } from '../support/test-env';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY = 86_400_000;

async function tenantQuery<T extends object>(tenantId: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
  await central.connect();
  const { rows } = await central.query<{ db_name: string }>('SELECT db_name FROM tenants WHERE id = $1', [tenantId]).finally(() => central.end());
  const db = new Client({ connectionString: `${PG_SERVER_URL}/${rows[0]!.db_name}` });
  await db.connect();
  try {
    return (await db.query<T>(sql, values)).rows;
  } finally {
    await db.end();
  }
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('jobs of a suspended or deleted tenant', () => {
  let smtp: SmtpSink;
  let flutterwave: FakeFlutterwave;
  let app: TestApp;
  let tenant: TenantSession;
  const queues = {} as Record<'billing' | 'rating' | 'payments' | 'mail', Queue>;
  const events = {} as Record<keyof typeof queues, QueueEvents>;
  const env = testEnv();
  const print = () => undefined;

  /** Waits until the worker itself sees the status (the operator script announces it; the TTL is the fallback). */
  const workerSees = (status: string) =>
    eventually(() => app.worker!.get(TenantDirectory).find(tenant.tenantId).then((t) => t?.status), (s) => s === status, `worker's view of the tenant`);
  const state = (job: Job) => job.getState();

  beforeAll(async () => {
    smtp = await startSmtpSink();
    flutterwave = await startFakeFlutterwave();
    app = await startTestApp({ env: { SMTP_PORT: String(smtp.port), PAYMENT_PROVIDER_BASE_URLS: `flutterwave=${flutterwave.baseUrl}` } });
    for (const name of ['billing', 'rating', 'payments', 'mail'] as const) {
      queues[name] = app.worker!.get<Queue>(getQueueToken(QUEUES[name]));
      events[name] = new QueueEvents(QUEUES[name], { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
      await events[name].waitUntilReady();
    }
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
  });

  afterAll(async () => {
    await Promise.all(Object.values(events).map((e) => e.close()));
    await app?.close();
    await smtp?.close();
    await flutterwave?.close();
  });

  it('does not bill, rate, charge or e-mail while suspended; on resume billing catches up and the CDRs are rated', async () => {
    // A daily subscription started 2.5 days ago: period 0 is invoiced at creation, 1 and 2 are due.
    const plan = await tenant.as.post('/api/plans').send({ code: 'daily', name: 'Daily' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 10_000, interval: 'day' }).expect(201);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Amina', email: 'amina-suspended@example.test' }).expect(201);
    await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 2.5 * DAY).toISOString() }).expect(201);
    const [firstInvoice] = await tenantQuery<{ id: string }>(tenant.tenantId, 'SELECT id FROM invoices');

    await tenantCommand(['suspend', tenant.slug], env, print);
    await workerSees('suspended');

    // Billing: skipped, nothing issued.
    const billing = await queues.billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'suspended-billing', asOf: new Date().toISOString() });
    await expect(billing.waitUntilFinished(events.billing, 20_000)).resolves.toEqual({ skipped: 'tenant suspended' });
    expect(await tenantQuery(tenant.tenantId, 'SELECT id FROM invoices')).toHaveLength(1);

    // Invoice e-mail: skipped, nothing sent, not marked sent.
    const mail = await queues.mail.add(JOBS.sendInvoice, { tenantId: tenant.tenantId, correlationId: 'suspended-mail', invoiceId: firstInvoice!.id });
    await expect(mail.waitUntilFinished(events.mail, 20_000)).resolves.toEqual({ skipped: 'tenant suspended' });
    expect((await tenantQuery<{ sent_at: Date | null }>(tenant.tenantId, 'SELECT sent_at FROM invoices WHERE id = $1', [firstInvoice!.id]))[0]!.sent_at).toBeNull();

    // Rating: a CDR stored as the API's ingestion stores it, its rating job deferred, the CDR still queued.
    const record = (await app.api.get(TenantDirectory).find(tenant.tenantId))!;
    await app.api.get(TenantContext).run(tenantRefIn(record, 'live'), async () => {
      const { pool } = await app.api.get(TenantDb).connection();
      await storeCdrs(pool, [{ switchId: `sw-${randomUUID()}`, callerNumber: '254700999001', calledNumber: '2348031234567', startedAt: new Date(), durationMs: 60_000 }]);
      await app.api.get(TelecomRatingService).queueRating('suspended-batch');
    });
    const rating = (await queues.rating.getJob(`rate:${tenant.tenantId}:suspended-batch`)) ?? (await queues.rating.getJobs(['waiting', 'active', 'delayed'])).find((job) => job.data.batchId === 'suspended-batch');
    expect(rating).toBeDefined();
    await eventually(() => state(rating!), (s) => s === 'delayed', 'rating job');

    // Dunning: the charge is deferred without using an attempt; nothing about it is e-mailed.
    const charge = await queues.payments.add(
      JOBS.chargeInvoice,
      { tenantId: tenant.tenantId, correlationId: 'suspended-charge', invoiceId: firstInvoice!.id, retryDelaysMs: [1_000] },
      { attempts: 2, backoff: { type: 'dunning' } },
    );
    await eventually(() => state(charge), (s) => s === 'delayed', 'charge job');
    expect((await queues.payments.getJob(charge.id!))!.attemptsMade).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await tenantQuery<{ status: string }>(tenant.tenantId, 'SELECT status FROM cdrs')).toEqual([{ status: 'pending' }]);
    expect(smtp.messages.filter((m) => m.envelope.rcptTo.includes('amina-suspended@example.test'))).toEqual([]);

    // Resume: the next billing run bills both periods that ended, the deferred jobs run when they come back.
    await tenantCommand(['resume', tenant.slug], env, print);
    await workerSees('active');
    const caughtUp = await queues.billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'resumed-billing', asOf: new Date().toISOString() });
    await expect(caughtUp.waitUntilFinished(events.billing, 20_000)).resolves.toMatchObject({ invoicesIssued: 2 });
    expect(await tenantQuery(tenant.tenantId, 'SELECT id FROM invoices')).toHaveLength(3);

    await rating!.promote(); // what the clock does SUSPENDED_TENANT_RECHECK_MS later
    await expect(rating!.waitUntilFinished(events.rating, 20_000)).resolves.toMatchObject({ claimed: 1 });
    expect(await tenantQuery<{ status: string }>(tenant.tenantId, 'SELECT status FROM cdrs')).not.toEqual([{ status: 'pending' }]);

    await charge.promote();
    await expect(charge.waitUntilFinished(events.payments, 20_000)).resolves.toMatchObject({ status: 'skipped', reason: 'customer has no saved payment method' });
  });

  it('still settles payments its customers already made, without e-mailing them', async () => {
    const settling = await registerTenant(app, { defaultCurrency: 'NGN' });
    const accountId = (
      await settling.asAdmin
        .post('/api/payment-providers')
        .send({ provider: 'flutterwave', credentials: { secretKey: flutterwave.secretKey }, webhookSecret: flutterwave.secretHash, defaultForCurrencies: ['NGN'] })
        .expect(201)
    ).body.id;
    const checkout = async (email: string) => {
      const customer = await settling.as.post('/api/customers').send({ name: 'Payer', email, currency: 'NGN' }).expect(201);
      const plan = await settling.as.post('/api/plans').send({ code: `p-${randomUUID().slice(0, 8)}`, name: 'Plan' }).expect(201);
      const price = await settling.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 50_000, interval: 'month' }).expect(201);
      const subscription = await settling.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
      const invoiceId: string = subscription.body.firstInvoiceId;
      const started = await settling.as.post(`/api/invoices/${invoiceId}/pay`).send({ returnUrl: 'https://shop.example/return' }).expect(200);
      return { invoiceId, reference: started.body.providerReference as string };
    };
    const paid = await checkout('paid-while-suspended@example.test');
    const declined = await checkout('declined-while-suspended@example.test');

    await tenantCommand(['suspend', settling.slug], env, print);
    await eventually(() => app.api.get(TenantDirectory).find(settling.tenantId).then((t) => t?.status), (s) => s === 'suspended', `API's view of the tenant`);
    await eventually(() => app.worker!.get(TenantDirectory).find(settling.tenantId).then((t) => t?.status), (s) => s === 'suspended', `worker's view of the tenant`);
    await settling.as.get('/api/customers').expect(403);

    for (const webhook of [flutterwave.completePayment(paid.reference), flutterwave.completePayment(declined.reference, { outcome: 'failed' })]) {
      const response = await fetch(`${app.url}/webhooks/flutterwave/${settling.tenantId}/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
      expect(response.status).toBe(200);
    }
    const events = () => tenantQuery<{ provider_reference: string; status: string }>(settling.tenantId, 'SELECT provider_reference, status FROM webhook_events ORDER BY provider_reference');
    await eventually(events, (rows) => rows.length === 2 && rows.every((row) => row.status === 'processed'), 'webhooks settled');
    const invoices = await tenantQuery<{ id: string; status: string }>(settling.tenantId, 'SELECT id, status FROM invoices WHERE id = ANY($1::uuid[])', [[paid.invoiceId, declined.invoiceId]]);
    expect(Object.fromEntries(invoices.map((row) => [row.id, row.status]))).toEqual({ [paid.invoiceId]: 'paid', [declined.invoiceId]: 'open' });

    await new Promise((resolve) => setTimeout(resolve, 500)); // a failure notice would have been sent by now
    expect(smtp.messages.filter((m) => m.envelope.rcptTo.some((to) => to.endsWith('-while-suspended@example.test')))).toEqual([]);
  });

  it('completes the jobs of a deleted tenant as skipped instead of retrying them', async () => {
    const gone = randomUUID();
    const jobs: [keyof typeof queues, string, object][] = [
      ['rating', JOBS.rateCdrs, { batchId: 'gone' }],
      ['billing', JOBS.billingRunTenant, { asOf: new Date().toISOString() }],
      ['mail', JOBS.sendInvoice, { invoiceId: randomUUID() }],
      ['payments', JOBS.chargeInvoice, { invoiceId: randomUUID(), retryDelaysMs: [] }],
    ];
    for (const [queue, name, data] of jobs) {
      const job = await queues[queue].add(name, { tenantId: gone, correlationId: 'gone', ...data }, { attempts: 3 });
      await expect(job.waitUntilFinished(events[queue], 20_000)).resolves.toEqual({ skipped: 'tenant deleted' });
      const finished = (await queues[queue].getJob(job.id!))!;
      expect({ queue, state: await finished.getState(), attemptsMade: finished.attemptsMade }).toEqual({ queue, state: 'completed', attemptsMade: 1 }); // done on its first attempt
    }
  });
});
