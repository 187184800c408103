// Issue 7 §1: settle only what the provider confirms, in the invoice's currency, up to what is
// due. Against the real API and worker and the Paystack / Flutterwave fakes, made to forge,
// deny ("no such transaction"), misreport (wrong amount, currency, reference) and error.
import { Client } from 'pg';
import { FakeFlutterwave, FakePaystack, type SignedWebhook, startFakeFlutterwave, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { TenantSession, registerTenant } from '../support/tenant-session';

describe('payments: settle only what is verified, in the right currency', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let flutterwave: FakeFlutterwave;
  let tenant: TenantSession;
  let tenantDb: Client;
  const accounts: Record<'paystack' | 'flutterwave', string> = { paystack: '', flutterwave: '' };
  let sequence = 0;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    flutterwave = await startFakeFlutterwave();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl},flutterwave=${flutterwave.baseUrl}` } });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    tenantDb = await connectTenantDb(tenant.tenantId);
    accounts.paystack = (await tenant.asAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201)).body.id;
    accounts.flutterwave = (
      await tenant.asAdmin
        .post('/api/payment-providers')
        .send({ provider: 'flutterwave', credentials: { secretKey: flutterwave.secretKey }, webhookSecret: flutterwave.secretHash, defaultForCurrencies: ['RWF'] })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await tenantDb?.end();
    await app?.close();
    await paystack?.close();
    await flutterwave?.close();
  });

  afterEach(() => {
    paystack.http.reset();
    flutterwave.http.reset();
  });

  const post = (provider: 'paystack' | 'flutterwave', webhook: SignedWebhook) =>
    fetch(`${app.url}/webhooks/${provider}/${tenant.tenantId}/${accounts[provider]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhook.headers },
      body: webhook.rawBody,
    }).then((response) => response.status);

  /** An open invoice of `unitAmount` minor units in `currency`. */
  async function openInvoice(currency: string, unitAmount: number): Promise<string> {
    sequence += 1;
    const customer = await tenant.as.post('/api/customers').send({ name: 'Payer', email: `payer-${sequence}@example.test`, currency }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: `verify-${sequence}`, name: 'Plan' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency, unitAmount, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    return subscription.body.firstInvoiceId;
  }

  const invoice = async (id: string) => (await tenant.as.get(`/api/invoices/${id}`).expect(200)).body;
  const eventStatus = async (providerReference: string) =>
    (await tenantDb.query<{ status: string; attempts: number; last_error: string | null }>('SELECT status, attempts, last_error FROM webhook_events WHERE provider_reference = $1', [providerReference])).rows[0];
  const settled = (providerReference: string) => eventually(async () => ((await eventStatus(providerReference))?.status === 'processed' ? true : undefined), 15_000, `${providerReference} processed`);
  /** Waits until the worker tried the event at least once and left it `status` (failed: retried; rejected: never). */
  const triedAndLeft = (providerReference: string, status: 'failed' | 'rejected' = 'failed') =>
    eventually(async () => {
      const row = await eventStatus(providerReference);
      return row && row.status === status && row.attempts >= 1 ? row : undefined;
    }, 15_000, `${providerReference} ${status}`);

  describe('adopted payments (a reference we never created, metadata naming our invoice)', () => {
    it('Paystack: NGN 500.00 naming a USD 500.00 invoice is recorded for review; the invoice stays open', async () => {
      const usdInvoice = await openInvoice('USD', 50_000);
      const { reference, webhook } = paystack.paidElsewhere({ amount: 50_000, currency: 'NGN', metadata: { invoice_reference: usdInvoice } });
      expect(await post('paystack', webhook)).toBe(200);
      await settled(reference);

      expect(await invoice(usdInvoice)).toMatchObject({ status: 'open', amountDue: 50_000, amountPaid: 0 });
      const review = await tenant.as.get(`/api/payments?invoiceId=${usdInvoice}&needsReview=true`).expect(200);
      expect(review.body.data).toEqual([
        expect.objectContaining({ amount: 50_000, currency: 'NGN', amountApplied: 0, status: 'succeeded', needsReview: true, reviewReason: 'paid in NGN; the invoice is in USD' }),
      ]);
      expect((await tenant.as.get(`/api/payments?invoiceId=${usdInvoice}&needsReview=false`).expect(200)).body.data).toEqual([]);
      // The payer's reusable card does not become the invoice customer's default method.
      const { customerId } = await invoice(usdInvoice);
      expect((await tenant.as.get(`/api/customers/${customerId}/payment-methods`).expect(200)).body.data).toEqual([]);
    });

    it('Flutterwave: RWF 50,000 naming a USD 500.00 invoice is recorded for review; the invoice stays open', async () => {
      const usdInvoice = await openInvoice('USD', 50_000);
      const { txRef, webhook } = flutterwave.paidElsewhere({ amountMinor: 50_000, currency: 'RWF', meta: { invoice_reference: usdInvoice } });
      expect(await post('flutterwave', webhook)).toBe(200);
      await settled(txRef);

      expect(await invoice(usdInvoice)).toMatchObject({ status: 'open', amountDue: 50_000, amountPaid: 0 });
      const payments = (await tenant.as.get(`/api/payments?invoiceId=${usdInvoice}`).expect(200)).body.data;
      expect(payments).toEqual([expect.objectContaining({ amount: 50_000, currency: 'RWF', amountApplied: 0, needsReview: true })]);
    });

    it('applies at most what is due: the rest of an overpayment in the invoice currency is credit on the customer\'s balance', async () => {
      const ngnInvoice = await openInvoice('NGN', 300_000);
      const { customerId } = (await tenant.as.get(`/api/invoices/${ngnInvoice}`).expect(200)).body;
      const { reference, webhook } = paystack.paidElsewhere({ amount: 500_000, currency: 'NGN', metadata: { invoice_reference: ngnInvoice } });
      expect(await post('paystack', webhook)).toBe(200);
      await settled(reference);

      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'paid', amountDue: 0, amountPaid: 300_000 });
      const [payment] = (await tenant.as.get(`/api/payments?invoiceId=${ngnInvoice}`).expect(200)).body.data;
      expect(payment).toMatchObject({ amount: 500_000, amountApplied: 300_000, needsReview: false });
      const balance = async () => (await tenant.as.get(`/api/customers/${customerId}/balance`).expect(200)).body.balances;
      expect(await balance()).toEqual([{ currency: 'NGN', balance: 200_000 }]);

      // Refunding the unapplied part gives back nothing the invoice took (the credit goes when the refund settles: process-webhook-event.int-spec).
      await tenant.asAdmin.post(`/api/payments/${payment.id}/refund`).send({ amount: 200_000 }).expect(200);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'paid', amountPaid: 300_000, amountRefunded: 0 });
    });

    it('a payment for an invoice already paid is recorded for review and does not touch the invoice', async () => {
      const ngnInvoice = await openInvoice('NGN', 100_000);
      await tenant.asAdmin.post(`/api/invoices/${ngnInvoice}/mark-paid`).send({}).expect(200);
      const { reference, webhook } = paystack.paidElsewhere({ amount: 100_000, currency: 'NGN', metadata: { invoice_reference: ngnInvoice } });
      expect(await post('paystack', webhook)).toBe(200);
      await settled(reference);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'paid', amountPaid: 100_000 });
      const review = (await tenant.as.get(`/api/payments?invoiceId=${ngnInvoice}&needsReview=true`).expect(200)).body.data;
      expect(review).toEqual([expect.objectContaining({ amountApplied: 0, reviewReason: 'the invoice is paid' })]);
    });
  });

  describe('re-verification with the provider before settling', () => {
    it('Flutterwave: a forged charge.completed with a valid verif-hash for an unpaid checkout settles nothing', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({ accountId: accounts.flutterwave, returnUrl: 'https://shop.example/return' }).expect(200);
      const forged = flutterwave.forgeChargeCompleted({ txRef: started.body.providerReference, amountMinor: 500_000, currency: 'NGN' });
      expect(await post('flutterwave', forged)).toBe(200);

      const failed = await triedAndLeft(started.body.providerReference);
      expect(failed.last_error).toMatch(/could not confirm.*No transaction was found/);
      expect(flutterwave.http.requests.filter((request) => /^\/v3\/transactions\/\d+\/verify$/.test(request.path)).length).toBeGreaterThanOrEqual(1);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'open', amountPaid: 0 });
      expect((await tenant.as.get(`/api/payments?invoiceId=${ngnInvoice}&status=succeeded`).expect(200)).body.data).toEqual([]);
    });

    it('Paystack: a charge.success for a transaction Paystack does not know settles nothing', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({}).expect(200);
      // Signed with the key (as if leaked), naming our reference, but never paid at Paystack.
      const forged = paystack.forgeChargeSuccess({ reference: `${started.body.providerReference}-x`, amount: 500_000, currency: 'NGN', metadata: { invoice_reference: ngnInvoice } });
      expect(await post('paystack', forged)).toBe(200);
      const failed = await triedAndLeft(`${started.body.providerReference}-x`);
      expect(failed.last_error).toMatch(/Transaction reference not found/);
      expect(paystack.http.requestsTo('GET', `/transaction/verify/${started.body.providerReference}-x`).length).toBeGreaterThanOrEqual(1);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'open', amountPaid: 0 });
    });

    it('settles the amount the provider verifies, not the one the webhook claims', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({}).expect(200);
      const webhook = paystack.completePayment(started.body.providerReference);
      paystack.misreportVerification(started.body.providerReference, { amount: 100_000 });
      expect(await post('paystack', webhook)).toBe(200);
      await settled(started.body.providerReference);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'open', amountPaid: 100_000, amountDue: 400_000 });
    });

    it('a verification in another currency is recorded for review and leaves the invoice open', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({ accountId: accounts.flutterwave, returnUrl: 'https://shop.example/return' }).expect(200);
      const webhook = flutterwave.completePayment(started.body.providerReference);
      flutterwave.misreportVerification(started.body.providerReference, { currency: 'GHS' });
      expect(await post('flutterwave', webhook)).toBe(200);
      await settled(started.body.providerReference);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'open', amountPaid: 0 });
      const [payment] = (await tenant.as.get(`/api/payments?invoiceId=${ngnInvoice}&needsReview=true`).expect(200)).body.data;
      expect(payment).toMatchObject({ currency: 'GHS', amountApplied: 0, reviewReason: 'paid in GHS; the invoice is in NGN' });
    });

    it('a verification naming another tx_ref is refused and settles nothing', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({ accountId: accounts.flutterwave, returnUrl: 'https://shop.example/return' }).expect(200);
      const webhook = flutterwave.completePayment(started.body.providerReference);
      flutterwave.misreportVerification(started.body.providerReference, { txRef: 'someone-elses-checkout' });
      expect(await post('flutterwave', webhook)).toBe(200);
      const rejected = await triedAndLeft(started.body.providerReference, 'rejected');
      expect(rejected.last_error).toContain('someone-elses-checkout');
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'open', amountPaid: 0 });
    });

    it('keeps the event when the verify endpoint errors, and settles it on a retry', async () => {
      const ngnInvoice = await openInvoice('NGN', 500_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({}).expect(200);
      const webhook = paystack.completePayment(started.body.providerReference);
      // More failures than the HTTP client's own retries (2): the first job attempt fails.
      paystack.failVerification(started.body.providerReference, 3);
      expect(await post('paystack', webhook)).toBe(200);
      await settled(started.body.providerReference);
      const row = await eventStatus(started.body.providerReference);
      expect(row!.attempts).toBeGreaterThanOrEqual(2);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'paid', amountPaid: 500_000 });
    });

    it('Flutterwave: accepts the legacy flat payload and verifies it by transaction id', async () => {
      const ngnInvoice = await openInvoice('NGN', 250_000);
      const started = await tenant.as.post(`/api/invoices/${ngnInvoice}/pay`).send({ accountId: accounts.flutterwave, returnUrl: 'https://shop.example/return' }).expect(200);
      const webhook = flutterwave.completePayment(started.body.providerReference, { shape: 'flat' });
      expect(JSON.parse(webhook.rawBody.toString())).not.toHaveProperty('data');
      expect(await post('flutterwave', webhook)).toBe(200);
      await settled(started.body.providerReference);
      expect(flutterwave.http.requests.some((request) => /^\/v3\/transactions\/\d+\/verify$/.test(request.path))).toBe(true);
      expect(await invoice(ngnInvoice)).toMatchObject({ status: 'paid', amountPaid: 250_000 });
    });
  });
});
