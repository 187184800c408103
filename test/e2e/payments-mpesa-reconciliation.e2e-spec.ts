// Issue 7 §1, M-Pesa: a genuine STK success is never lost. The callback is stored at once (no
// Daraja call inside the request), confirmed by the worker with retries while the STK query
// errors, and a scheduled reconciliation asks Daraja about every STK payment still pending after
// MPESA_RECONCILE_AFTER_SECONDS until it is final, whether or not a callback ever came, or until
// it is older than MPESA_RECONCILE_GIVE_UP_AFTER_HOURS (24 h here) and its query still errors:
// then it fails as unconfirmed, for review, and is never queried again.
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { FakeMpesa, startFakeMpesa } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('M-Pesa: store the callback first, confirm with retries, reconcile what stays pending', () => {
  let app: TestApp;
  let mpesa: FakeMpesa;
  let tenant: TenantSession;
  let tenantDb: Client;
  let worker: INestApplicationContext;
  let sequence = 0;

  beforeAll(async () => {
    mpesa = await startFakeMpesa();
    // The worker runs with its schedulers: reconciliation every second, of payments pending for a minute.
    app = await startTestApp({ worker: false, env: { PAYMENT_PROVIDER_BASE_URLS: `mpesa=${mpesa.baseUrl}`, MPESA_RECONCILE_EVERY_SECONDS: '1', MPESA_RECONCILE_AFTER_SECONDS: '60' } });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(app.config), { logger: false });
    await worker.init();
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    tenantDb = await connectTenantDb(tenant.tenantId);
    await tenant.asAdmin
      .post('/api/payment-providers')
      .send({
        provider: 'mpesa',
        credentials: { consumerKey: mpesa.consumerKey, consumerSecret: mpesa.consumerSecret, shortcode: mpesa.shortcode, passkey: mpesa.passkey },
        defaultForCurrencies: ['KES'],
      })
      .expect(201);
  });

  afterAll(async () => {
    await worker?.close();
    await tenantDb?.end();
    await app?.close();
    await mpesa?.close();
  });

  /** An open KES invoice and the STK push started for it. */
  async function pushedInvoice(): Promise<{ invoiceId: string; checkoutRequestId: string; paymentId: string }> {
    sequence += 1;
    const customer = await tenant.as.post('/api/customers').send({ name: 'Wanjiru', email: `wanjiru-${sequence}@example.test`, phone: '254712345678', currency: 'KES' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: `mpesa-${sequence}`, name: 'Plan' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'KES', unitAmount: 150_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const started = await tenant.as.post(`/api/invoices/${subscription.body.firstInvoiceId}/pay`).send({}).expect(200);
    return { invoiceId: subscription.body.firstInvoiceId, checkoutRequestId: started.body.providerReference, paymentId: started.body.paymentId };
  }

  const invoiceStatus = async (id: string) => (await tenant.as.get(`/api/invoices/${id}`).expect(200)).body.status as string;
  const payment = async (id: string) => (await tenant.as.get(`/api/payments/${id}`).expect(200)).body;
  const deliver = (callback: { url: string; rawBody: Buffer }) =>
    fetch(`${app.url}${new URL(callback.url).pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: callback.rawBody }).then((response) => response.status);
  const backdate = (paymentId: string, age = '10 minutes') => tenantDb.query(`UPDATE payments SET created_at = now() - $2::interval WHERE id = $1`, [paymentId, age]);
  const receiptOf = async (paymentId: string) => (await tenantDb.query<{ provider_transaction_id: string | null }>('SELECT provider_transaction_id FROM payments WHERE id = $1', [paymentId])).rows[0]!.provider_transaction_id;

  it('stores a genuine success callback while the STK query errors, and settles it once the query answers', async () => {
    const pushed = await pushedInvoice();
    const callback = mpesa.completePayment(pushed.checkoutRequestId);
    // More failures than one job attempt can spend (the adapter's 3 tries, plus the one replay it makes
    // when Daraja refuses a token another client's login replaced): the first job attempt fails.
    // Only this push's queries fail: a sweep asking about another payment meanwhile must not spend them.
    mpesa.failStkQueries(4, pushed.checkoutRequestId);
    const queriesBefore = mpesa.stkQueriesFor(pushed.checkoutRequestId);
    expect(await deliver(callback)).toBe(200);
    const stored = await tenantDb.query<{ status: string }>('SELECT status FROM webhook_events WHERE provider_reference = $1', [pushed.checkoutRequestId]);
    expect(stored.rows).toHaveLength(1);

    await eventually(async () => ((await invoiceStatus(pushed.invoiceId)) === 'paid' ? true : undefined), 20_000, 'invoice paid after retries');
    expect(mpesa.stkQueriesFor(pushed.checkoutRequestId) - queriesBefore).toBeGreaterThanOrEqual(5);
    const event = await tenantDb.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_events WHERE provider_reference = $1', [pushed.checkoutRequestId]);
    expect(event.rows[0]!.status).toBe('processed');
    expect(event.rows[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(await payment(pushed.paymentId)).toMatchObject({ status: 'succeeded', amount: 150_000, amountApplied: 150_000, needsReview: false });
    expect(await receiptOf(pushed.paymentId)).toBe(mpesa.receiptFor(pushed.checkoutRequestId));
  });

  it('does not settle a forged success callback: the STK query says the push is still open', async () => {
    const pushed = await pushedInvoice();
    expect(await deliver(mpesa.forgeSuccessCallback(pushed.checkoutRequestId))).toBe(200);
    await eventually(async () => {
      const { rows } = await tenantDb.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM webhook_events WHERE provider_reference = $1', [pushed.checkoutRequestId]);
      return rows[0]?.status === 'failed' ? rows[0] : undefined;
    }, 15_000, 'forged callback tried');
    expect(await invoiceStatus(pushed.invoiceId)).toBe('open');
    expect(await payment(pushed.paymentId)).toMatchObject({ status: 'pending' });
  });

  it('reconciles STK payments pending past the threshold until final: paid, cancelled, unanswered, Daraja erroring', async () => {
    const paid = await pushedInvoice();
    const cancelled = await pushedInvoice();
    const unanswered = await pushedInvoice();
    const fresh = await pushedInvoice();
    // Daraja finished two of them, but neither callback ever reaches us.
    const lateCallback = mpesa.completePayment(paid.checkoutRequestId);
    mpesa.cancelPayment(cancelled.checkoutRequestId);
    mpesa.failStkQueries(3);
    for (const pushed of [paid, cancelled, unanswered]) await backdate(pushed.paymentId);

    await eventually(async () => ((await invoiceStatus(paid.invoiceId)) === 'paid' ? true : undefined), 20_000, 'reconciled payment settled');
    expect(await payment(paid.paymentId)).toMatchObject({ status: 'succeeded', amount: 150_000, amountApplied: 150_000 });
    await eventually(async () => ((await payment(cancelled.paymentId)).status === 'failed' ? true : undefined), 20_000, 'cancelled push failed');
    expect(await invoiceStatus(cancelled.invoiceId)).toBe('open');
    // Still open at Daraja: asked again on every run, untouched meanwhile; the fresh one is not asked yet.
    expect(await payment(unanswered.paymentId)).toMatchObject({ status: 'pending' });
    expect(await payment(fresh.paymentId)).toMatchObject({ status: 'pending' });

    // The customer answers at last: the next run settles it.
    mpesa.completePayment(unanswered.checkoutRequestId);
    await eventually(async () => ((await invoiceStatus(unanswered.invoiceId)) === 'paid' ? true : undefined), 20_000, 'late answer settled');
    expect(await payment(fresh.paymentId)).toMatchObject({ status: 'pending' });

    // A callback arriving after reconciliation settles nothing twice, but brings the receipt refunds need.
    expect(await receiptOf(paid.paymentId)).toBeNull();
    expect(await deliver(lateCallback)).toBe(200);
    await eventually(async () => ((await receiptOf(paid.paymentId)) ? true : undefined), 15_000, 'receipt recorded');
    expect(await receiptOf(paid.paymentId)).toBe(mpesa.receiptFor(paid.checkoutRequestId));
    expect((await tenant.as.get(`/api/payments?invoiceId=${paid.invoiceId}`).expect(200)).body.data).toHaveLength(1);
    expect(await tenant.as.get(`/api/invoices/${paid.invoiceId}`).expect(200)).toMatchObject({ body: expect.objectContaining({ amountPaid: 150_000 }) });
  });

  it('stops querying an STK payment past the give-up age whose query keeps erroring: failed for review, invoice untouched; younger ones are still asked', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    try {
      const stale = await pushedInvoice();
      const young = await pushedInvoice();
      const oldButPaid = await pushedInvoice();
      // Daraja does not know two of the CheckoutRequestIDs: every query about them answers 400.
      mpesa.forgetStkRequest(stale.checkoutRequestId);
      mpesa.forgetStkRequest(young.checkoutRequestId);
      // Paid at Daraja, the callback lost: a final answer settles whatever the age.
      mpesa.completePayment(oldButPaid.checkoutRequestId);
      await backdate(stale.paymentId, '25 hours');
      await backdate(young.paymentId, '23 hours');
      await backdate(oldButPaid.paymentId, '25 hours');

      await eventually(async () => ((await payment(stale.paymentId)).status === 'failed' ? true : undefined), 20_000, 'stale payment given up');
      // Past the age, one more erroring query is enough (two if two runs overlapped: the worker runs payment jobs concurrently).
      const staleQueries = mpesa.stkQueriesFor(stale.checkoutRequestId);
      expect(staleQueries).toBeGreaterThanOrEqual(1);
      expect(staleQueries).toBeLessThanOrEqual(2);
      const failed = await payment(stale.paymentId);
      expect(failed).toMatchObject({ status: 'failed', needsReview: true, amountApplied: 0 });
      expect(failed.reviewReason).toContain('Invalid CheckoutRequestID');
      expect(failed.reviewReason).toContain('no longer queried');
      expect(await tenant.as.get(`/api/invoices/${stale.invoiceId}`).expect(200)).toMatchObject({ body: expect.objectContaining({ status: 'open', amountPaid: 0, amountDue: 150_000 }) });
      const needsReview = (await tenant.as.get('/api/payments?needsReview=true').expect(200)).body.data.map((listed: { id: string }) => listed.id);
      expect(needsReview).toContain(stale.paymentId);
      expect(needsReview).not.toContain(young.paymentId);

      await eventually(async () => ((await invoiceStatus(oldButPaid.invoiceId)) === 'paid' ? true : undefined), 20_000, 'old but paid push settled');
      expect(await payment(oldButPaid.paymentId)).toMatchObject({ status: 'succeeded', needsReview: false, amountApplied: 150_000 });

      // Three more runs ask about the younger one each time, and never about the stale one again.
      const youngQueries = mpesa.stkQueriesFor(young.checkoutRequestId);
      expect(youngQueries).toBeGreaterThanOrEqual(1);
      await eventually(async () => (mpesa.stkQueriesFor(young.checkoutRequestId) >= youngQueries + 3 ? true : undefined), 20_000, 'younger payment queried on later runs');
      expect(mpesa.stkQueriesFor(stale.checkoutRequestId)).toBe(staleQueries);
      expect(await payment(young.paymentId)).toMatchObject({ status: 'pending', needsReview: false });
      expect(await payment(stale.paymentId)).toMatchObject({ status: 'failed', needsReview: true });
      expect(await invoiceStatus(young.invoiceId)).toBe('open');
      expect(await invoiceStatus(stale.invoiceId)).toBe('open');

      // Logged once, naming the tenant and the payment, and nothing secret.
      const givenUp = warn.mock.calls.filter(([, message]) => typeof message === 'string' && message.startsWith('M-Pesa STK payment never confirmed'));
      expect(givenUp).toHaveLength(1);
      expect(givenUp[0]![0]).toMatchObject({ tenantId: tenant.tenantId, paymentId: stale.paymentId });
      const logged = JSON.stringify(givenUp[0]);
      for (const secret of [mpesa.consumerKey, mpesa.consumerSecret, mpesa.passkey]) expect(logged).not.toContain(secret);
    } finally {
      warn.mockRestore();
    }
  });
});
