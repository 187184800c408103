// Test clocks end to end, over HTTP with the worker: a clock's customer with a declining saved
// method is advanced through a trial, two renewals and a failed automatic payment (dunning retried
// as of the clock's time); invoices carry the clock's dates; the hourly wall-time cycle bills
// everyone else and never a clock's customers; a live key can neither see nor make clocks; deleting
// a clock ends what it made.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { JOBS, QUEUES } from '@nova/queue';
import { FakePaystack, PAYSTACK_DECLINING_AUTHORIZATION, startFakePaystack } from '../../libs/payments/testing';
import { eventually } from '../support/payment-fakes';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';

const DAY_MS = 86_400_000;
const addMonths = (at: Date, months: number) => {
  const result = new Date(at.getTime());
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
};
const iso = (at: Date) => at.toISOString();

describe('test clocks', () => {
  let app: TestApp;
  let paystack: FakePaystack;
  let smtp: SmtpSink;
  let tenant: TenantSession;
  let live: Agent;
  let test: Agent;
  /** The owner's session in test mode (provider accounts and payment settings are the admin's). */
  let testAdmin: Agent;

  beforeAll(async () => {
    paystack = await startFakePaystack();
    smtp = await startSmtpSink();
    app = await startTestApp({ env: { PAYMENT_PROVIDER_BASE_URLS: `paystack=${paystack.baseUrl}`, SMTP_PORT: String(smtp.port) } });
    tenant = await registerTenant(app, { defaultCurrency: 'NGN' });
    live = tenant.as;
    testAdmin = agent(app, tenant.accessToken, { 'Nova-Mode': 'test' });
    test = agent(app, (await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'sandbox', mode: 'test' }).expect(201)).body.secret);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await paystack?.close();
  });

  // 90 days back, midnight UTC on the 10th (months add without clamping): the clock's periods have ended on wall time.
  const start = (() => {
    const at = new Date(Date.now() - 90 * DAY_MS);
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 10));
  })();

  const runWallTimeCycle = async () => {
    const billing = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    await billing.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, mode: 'test', correlationId: 'clock-wall-time', asOf: new Date().toISOString() });
  };

  it('a live key cannot see or make clocks, nor put a customer on one (400 naming the mode or testClockId)', async () => {
    const clock = (await test.post('/api/test-clocks').send({ frozenTime: iso(start), name: 'Sandbox' }).expect(201)).body;
    expect(clock).toMatchObject({ object: 'test_clock', livemode: false, status: 'ready', frozenTime: iso(start), name: 'Sandbox' });

    for (const response of [
      await live.get('/api/test-clocks').expect(400),
      await live.get(`/api/test-clocks/${clock.id}`).expect(400),
      await live.post('/api/test-clocks').send({ frozenTime: iso(start) }).expect(400),
      await live.post(`/api/test-clocks/${clock.id}/advance`).send({ frozenTime: iso(addMonths(start, 1)) }).expect(400),
      await live.delete(`/api/test-clocks/${clock.id}`).expect(400),
    ]) {
      expect(response.body.fields).toEqual([{ field: 'Nova-Mode', message: expect.stringContaining('test mode only') }]);
    }
    const refused = await live.post('/api/customers').send({ name: 'Live', email: 'live@example.test', testClockId: clock.id }).expect(400);
    expect(refused.body.fields).toEqual([{ field: 'testClockId', message: expect.stringContaining('test mode only') }]);
    const unknown = await test.post('/api/customers').send({ name: 'X', email: 'x@example.test', testClockId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(unknown.body.fields).toEqual([{ field: 'testClockId', message: expect.stringContaining('does not exist') }]);

    // Forward only, at most two years at a time.
    const backwards = await test.post(`/api/test-clocks/${clock.id}/advance`).send({ frozenTime: iso(new Date(start.getTime() - DAY_MS)) }).expect(400);
    expect(backwards.body.fields).toEqual([{ field: 'frozenTime', message: expect.stringContaining('only moves forward') }]);
    const tooFar = await test.post(`/api/test-clocks/${clock.id}/advance`).send({ frozenTime: iso(addMonths(start, 25)) }).expect(400);
    expect(tooFar.body.fields).toEqual([{ field: 'frozenTime', message: expect.stringContaining('2 years') }]);

    const list = (await test.get('/api/test-clocks?limit=10').expect(200)).body;
    expect(list).toMatchObject({ object: 'list', livemode: false });
    expect(list.data.map((item: { id: string }) => item.id)).toContain(clock.id);
    await test.delete(`/api/test-clocks/${clock.id}`).expect(204);
    await test.get(`/api/test-clocks/${clock.id}`).expect(404);
  });

  it('advances through a trial, two renewals and a failed automatic payment, at the clock\'s time; the wall-time cycle ignores clock customers', async () => {
    const account = (await testAdmin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: paystack.secretKey }, defaultForCurrencies: ['NGN'] }).expect(201)).body;
    await testAdmin.put('/api/payment-settings').send({ retryDelaysSeconds: [DAY_MS / 1000, (2 * DAY_MS) / 1000], finalAction: 'past_due' }).expect(200);
    const plan = (await test.post('/api/plans').send({ code: 'clocked', name: 'Monthly', trialDays: 14 }).expect(201)).body;
    const price = (await test.post(`/api/plans/${plan.id}/prices`).send({ currency: 'NGN', unitAmount: 300_000, interval: 'month' }).expect(201)).body;

    const clock = (await test.post('/api/test-clocks').send({ frozenTime: iso(start), name: 'Trial, two renewals, a decline' }).expect(201)).body;
    const customer = (await test.post('/api/customers').send({ name: 'Tunde Bello', email: 'tunde@example.test', currency: 'NGN', testClockId: clock.id }).expect(201)).body;
    expect(customer.testClockId).toBe(clock.id);
    await test.post(`/api/customers/${customer.id}/payment-methods`).send({ accountId: account.id, token: PAYSTACK_DECLINING_AUTHORIZATION }).expect(201);
    const subscription = (await test.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    const trialEnd = new Date(start.getTime() + 14 * DAY_MS);
    expect(subscription).toMatchObject({ status: 'trialing', currentPeriodStart: iso(start), trialEnd: iso(trialEnd), firstInvoiceId: null });

    // Someone on the wall clock, backdated so that a period has ended: the hourly run bills them, not the clock's customer.
    const plainCustomer = (await test.post('/api/customers').send({ name: 'Plain', email: 'plain@example.test', currency: 'NGN' }).expect(201)).body;
    const plain = (await test.post('/api/subscriptions').send({ customerId: plainCustomer.id, priceId: price.id, trialDays: 0, startAt: iso(new Date(Date.now() - 40 * DAY_MS)) }).expect(201)).body;
    await runWallTimeCycle();
    await eventually(async () => ((await test.get(`/api/subscriptions/${plain.id}`).expect(200)).body.currentPeriodStart === plain.currentPeriodEnd ? true : undefined), 30_000, 'the wall-time renewal');
    expect((await test.get(`/api/subscriptions/${subscription.id}`).expect(200)).body).toMatchObject({ status: 'trialing', currentPeriodStart: iso(start) });
    expect((await test.get(`/api/invoices?subscriptionId=${subscription.id}`).expect(200)).body.data).toEqual([]);
    expect(paystack.http.requestsTo('POST', '/transaction/charge_authorization')).toHaveLength(0);

    // Renewals wait as drafts for the tenant's draftFinalizeDelayMinutes (clock time too), then are finalized and charged.
    const delayMs = (await tenant.asAdmin.get('/api/tenants/me').expect(200)).body.draftFinalizeDelayMinutes * 60_000;
    const finalized = (at: Date) => new Date(at.getTime() + delayMs);
    const target = new Date(finalized(addMonths(trialEnd, 2)).getTime() + DAY_MS);
    const advancing = await test.post(`/api/test-clocks/${clock.id}/advance`).send({ frozenTime: iso(target) }).expect(202);
    expect(advancing.body).toMatchObject({ object: 'test_clock', livemode: false, status: 'advancing', frozenTime: iso(start), advancingTo: iso(target) });
    const ready = await eventually(async () => {
      const current = (await test.get(`/api/test-clocks/${clock.id}`).expect(200)).body;
      return current.status === 'advancing' ? undefined : current;
    }, 60_000, 'the clock ready');
    expect(ready).toMatchObject({ status: 'ready', frozenTime: iso(target), advancingTo: null, failure: null });

    // The trial's end and two renewals, each invoice issued (finalized) at its own clock time, for its period.
    const invoices = ((await test.get(`/api/invoices?subscriptionId=${subscription.id}&limit=100`).expect(200)).body.data as { id: string; issuedAt: string; periodStart: string; periodEnd: string; status: string }[]).sort((a, b) =>
      a.issuedAt.localeCompare(b.issuedAt),
    );
    expect(invoices.map((invoice) => [invoice.issuedAt, invoice.periodStart, invoice.periodEnd])).toEqual([
      [iso(finalized(trialEnd)), iso(trialEnd), iso(addMonths(trialEnd, 1))],
      [iso(finalized(addMonths(trialEnd, 1))), iso(addMonths(trialEnd, 1)), iso(addMonths(trialEnd, 2))],
      [iso(finalized(addMonths(trialEnd, 2))), iso(addMonths(trialEnd, 2)), iso(addMonths(trialEnd, 3))],
    ]);
    // The first invoice: declined at the trial's end, retried 1 and 3 days later (clock time), then given up on.
    expect(invoices[0]!.status).toBe('uncollectible');
    const attempts = (await test.get(`/api/payments?invoiceId=${invoices[0]!.id}`).expect(200)).body.data as { status: string; createdAt: string }[];
    expect(attempts).toHaveLength(3);
    expect(attempts.every((payment) => payment.status === 'failed')).toBe(true);
    // The last renewal is still being dunned: its retry one day later was due at the target.
    expect(invoices[2]!.status).toBe('open');
    expect((await test.get(`/api/payments?invoiceId=${invoices[2]!.id}`).expect(200)).body.data).toHaveLength(2);
    expect(paystack.http.requestsTo('POST', '/transaction/charge_authorization')).toHaveLength(3 + 3 + 2);

    const advanced = (await test.get(`/api/subscriptions/${subscription.id}`).expect(200)).body;
    expect(advanced).toMatchObject({ status: 'past_due', currentPeriodStart: iso(addMonths(trialEnd, 2)), currentPeriodEnd: iso(addMonths(trialEnd, 3)) });

    const events = (await test.get('/api/events?limit=100').expect(200)).body.data as { type: string; data: { object: { id: string; subscriptionId?: string } } }[];
    const mine = events.filter((event) => event.data.object.id === subscription.id || event.data.object.subscriptionId === subscription.id);
    const types = new Set(mine.map((event) => event.type));
    for (const type of ['subscription.created', 'subscription.trial_will_end', 'invoice.created', 'invoice.payment_failed', 'invoice.marked_uncollectible']) expect(types).toContain(type);

    // The clock's failed-payment e-mails went to the tenant (test mode), never to the customer.
    await eventually(async () => (smtp.messages.some((message) => (message.subject ?? '').includes('[TEST]')) ? true : undefined), 15_000, 'a test-mode e-mail');
    expect(smtp.messages.filter((message) => message.envelope.rcptTo.includes('tunde@example.test'))).toEqual([]);

    // Deleting the clock deletes what it made (Stripe's): the customer, its saved card, subscription, invoices and payments are gone;
    // the wall-time customer is untouched, and the events stay.
    await test.delete(`/api/test-clocks/${clock.id}`).expect(204);
    await test.get(`/api/test-clocks/${clock.id}`).expect(404);
    await test.get(`/api/customers/${customer.id}`).expect(404);
    await test.get(`/api/subscriptions/${subscription.id}`).expect(404);
    for (const invoice of invoices) await test.get(`/api/invoices/${invoice.id}`).expect(404);
    expect((await test.get(`/api/payments?invoiceId=${invoices[0]!.id}`).expect(200)).body.data).toEqual([]);
    expect((await test.get(`/api/invoices?subscriptionId=${subscription.id}`).expect(200)).body.data).toEqual([]);
    expect((await test.get(`/api/subscriptions/${plain.id}`).expect(200)).body.status).toBe('active');
    await test.get(`/api/customers/${plainCustomer.id}`).expect(200);
    const after = (await test.get('/api/events?limit=100').expect(200)).body.data as { type: string; data: { object: { id: string } } }[];
    expect(after.filter((event) => event.data.object.id === customer.id).map((event) => event.type)).toEqual(expect.arrayContaining(['customer.created', 'customer.deleted']));
  });
});
