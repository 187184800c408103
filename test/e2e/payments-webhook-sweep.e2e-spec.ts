// The webhook sweep: an event stored while Redis was down has no job and the provider, answered
// 200, never redelivers it. The worker's scheduled sweep queues such events again once they are
// older than the threshold, under the intake's own job ids, so each is applied once.
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { PaymentsConfig } from '@nova/config';
import { QUEUES, jobId } from '@nova/queue';
import { AuditTrail, TenantContext, TenantDb, TenantDirectory } from '@nova/tenancy';
import { WebhookSweep } from '../../apps/worker/src/payments/webhook-sweep';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { FakePaystack, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('webhook sweep', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let tenant: TenantSession;
  let tenantDb: Client;
  let payments: Queue;
  let worker: INestApplicationContext | undefined;
  let accountId: string;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    app = await startTestApp({
      worker: false,
      env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl}`, WEBHOOK_SWEEP_AFTER_SECONDS: '60', WEBHOOK_SWEEP_EVERY_SECONDS: '1' },
    });
    payments = app.api.get<Queue>(getQueueToken(QUEUES.payments));
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    tenantDb = await connectTenantDb(tenant.tenantId);
    accountId = (await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201)).body.id;
  });

  afterAll(async () => {
    await worker?.close();
    await payments?.obliterate({ force: true });
    await tenantDb?.end();
    await app?.close();
    await paystack?.close();
  });

  /** A paid checkout whose webhook was stored and acknowledged, but whose job never reached Redis. */
  async function storedWithoutJob(code: string): Promise<{ invoiceId: string; eventId: string }> {
    const customer = await tenant.as.post('/api/customers').send({ name: 'Sade', email: `${code}@example.test`, currency: 'NGN' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code, name: code }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 250_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const invoiceId: string = subscription.body.firstInvoiceId;
    const started = await tenant.as.post(`/api/invoices/${invoiceId}/pay`).send({}).expect(200);
    const webhook = paystack.completePayment(started.body.providerReference);
    const response = await fetch(`${app.url}/webhooks/paystack/${tenant.tenantId}/${accountId}`, { method: 'POST', headers: { 'content-type': 'application/json', ...webhook.headers }, body: webhook.rawBody });
    expect(response.status).toBe(200);
    const { rows } = await tenantDb.query<{ id: string }>(`SELECT id FROM webhook_events WHERE provider_reference = $1 AND status = 'received'`, [started.body.providerReference]);
    const eventId = rows[0]!.id;
    expect(await payments.remove(jobId('webhook', tenant.tenantId, eventId))).toBe(1); // as if Redis had been down
    return { invoiceId, eventId };
  }

  const backdate = (eventId: string) => tenantDb.query(`UPDATE webhook_events SET received_at = now() - interval '10 minutes' WHERE id = $1`, [eventId]);
  const eventState = async (eventId: string) => (await tenantDb.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_events WHERE id = $1', [eventId])).rows[0];
  const invoiceStatus = async (invoiceId: string) => (await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.status as string;

  it('queues stored events without a job once they are past the threshold, once, and applies them once', async () => {
    const lost = await storedWithoutJob('sweep-lost');
    const recent = await storedWithoutJob('sweep-recent');
    await backdate(lost.eventId);

    // Two sweeps at once (two worker replicas): one job, under the intake's id; the recent event is left alone.
    const sweep = new WebhookSweep(payments, app.api.get(TenantDirectory), app.api.get(TenantContext), app.api.get(TenantDb), app.api.get(PaymentsConfig), app.api.get(AuditTrail));
    const results = await Promise.all([sweep.sweep(), sweep.sweep()]);
    expect(results.map((result) => result.requeued)).toEqual([1, 1]);
    expect(await payments.getWaitingCount()).toBe(1);
    expect(await payments.getJob(jobId('webhook', tenant.tenantId, lost.eventId))).toBeDefined();

    // The worker (with its schedulers) applies it once; the recent event still waits for the threshold.
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(app.config), { logger: false });
    await worker.init();
    await eventually(async () => ((await invoiceStatus(lost.invoiceId)) === 'paid' ? true : undefined), 15_000, 'swept invoice paid');
    expect(await eventState(lost.eventId)).toEqual({ status: 'processed', attempts: 1 });
    expect(await eventState(recent.eventId)).toEqual({ status: 'received', attempts: 0 });
    expect(await invoiceStatus(recent.invoiceId)).toBe('open');

    // Past the threshold, the scheduled sweep (every second here) picks it up by itself.
    await backdate(recent.eventId);
    await eventually(async () => ((await invoiceStatus(recent.invoiceId)) === 'paid' ? true : undefined), 15_000, 'scheduled sweep');
    expect(await eventState(recent.eventId)).toEqual({ status: 'processed', attempts: 1 });
    expect(await eventState(lost.eventId)).toEqual({ status: 'processed', attempts: 1 });
  });
  it('gives failed events whose job gave up another try on a growing schedule; rejected ones never', async () => {
    // Paid checkouts whose event failed all its job's attempts (say, Paystack could not confirm for a while).
    async function failedEvent(code: string, state: { status: 'failed' | 'rejected'; attempts: number; receivedAgo: string }) {
      const customer = await tenant.as.post('/api/customers').send({ name: 'Tobi', email: `${code}@example.test`, currency: 'NGN' }).expect(201);
      const plan = await tenant.as.post('/api/plans').send({ code, name: code }).expect(201);
      const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 250_000, interval: 'month' }).expect(201);
      const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
      const invoiceId: string = subscription.body.firstInvoiceId;
      const started = await tenant.as.post(`/api/invoices/${invoiceId}/pay`).send({}).expect(200);
      const webhook = paystack.completePayment(started.body.providerReference);
      const { rows } = await tenantDb.query<{ id: string }>(
        `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, amount, currency, occurred_at, raw_body, status, attempts, last_error, received_at)
         VALUES (gen_random_uuid(), $1, 'paystack', $2, 'payment.succeeded', $3, 250000, 'NGN', now(), $4, $5::"WebhookEventStatus", $6, 'paystack could not confirm', now() - $7::interval)
         RETURNING id`,
        [accountId, `charge.success:${code}`, started.body.providerReference, webhook.rawBody.toString(), state.status, state.attempts, state.receivedAgo],
      );
      return { invoiceId, eventId: rows[0]!.id };
    }
    const due = await failedEvent('retry-due', { status: 'failed', attempts: 6, receivedAgo: '2 minutes' });
    const notYet = await failedEvent('retry-not-yet', { status: 'failed', attempts: 7, receivedAgo: '2 minutes' }); // its 2nd retry waits 4 minutes
    const exhausted = await failedEvent('retry-exhausted', { status: 'failed', attempts: 40, receivedAgo: '3 days' });
    const rejected = await failedEvent('retry-rejected', { status: 'rejected', attempts: 6, receivedAgo: '1 day' });

    // The worker's scheduled sweep (every second) retries the due one, once, and it settles.
    await eventually(async () => ((await invoiceStatus(due.invoiceId)) === 'paid' ? true : undefined), 15_000, 'retried event settled');
    expect(await eventState(due.eventId)).toEqual({ status: 'processed', attempts: 7 });
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // two more sweeps
    expect(await eventState(notYet.eventId)).toEqual({ status: 'failed', attempts: 7 });
    expect(await eventState(exhausted.eventId)).toEqual({ status: 'failed', attempts: 40 });
    expect(await eventState(rejected.eventId)).toEqual({ status: 'rejected', attempts: 6 });
    for (const left of [notYet, exhausted, rejected]) expect(await invoiceStatus(left.invoiceId)).toBe('open');
  });
});
