// Limits and rules defined once in libs/domain and used alike by the API's validation and the
// billing code: whatever the API accepts can be billed, and what billing could not handle is a 400
// naming the field. One subscription the period math cannot schedule never stops a tenant's billing.
import type { Client } from 'pg';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';
import { connectTenantDb } from '../support/tenant-db';

const DAY = 86_400_000;

describe('domain rules shared by the API and billing', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let db: Client;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
    db = await connectTenantDb(tenant.tenantId);
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  const cycle = async (session = tenant) => (await session.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;
  const invoicesOf = async (subscriptionId: string) => (await tenant.as.get(`/api/invoices?subscriptionId=${subscriptionId}`).expect(200)).body.data;
  let codes = 0;
  const planWithTrial = async (trialDays = 5) => (await tenant.as.post('/api/plans').send({ code: `rules-${++codes}`, name: 'Rules', trialDays }).expect(201)).body.id as string;
  const customer = async () => (await tenant.as.post('/api/customers').send({ name: 'Wanjiru', email: `wanjiru${++codes}@example.co.ke` }).expect(201)).body.id as string;

  describe('interval counts', () => {
    it.each([
      ['day', 366],
      ['week', 53],
      ['week', 156],
      ['month', 37],
      ['year', 4],
    ])('refuses a %s × %p price with a 400 naming intervalCount', async (interval, intervalCount) => {
      const plan = await planWithTrial();
      const response = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 1_000, interval, intervalCount }).expect(400);
      expect(response.body.fields).toEqual([expect.objectContaining({ field: 'intervalCount' })]);
      expect(response.body.message).toContain('intervalCount');
    });

    it('subscribes to a price at the largest count (52 weeks) and bills it through the cycle after a trial', async () => {
      const plan = await planWithTrial(5);
      const price = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 52_000, interval: 'week', intervalCount: 52 }).expect(201);
      const subscription = await tenant.as
        .post('/api/subscriptions')
        .send({ customerId: await customer(), priceId: price.body.id, startAt: new Date(Date.now() - 10 * DAY).toISOString() })
        .expect(201);
      expect(subscription.body.status).toBe('trialing');

      const result = await cycle();
      expect(result.subscriptionsSkipped).toEqual([]);
      const after = await tenant.as.get(`/api/subscriptions/${subscription.body.id}`).expect(200);
      expect(after.body.status).toBe('active');
      expect(new Date(after.body.currentPeriodEnd).getTime() - new Date(subscription.body.trialEnd).getTime()).toBe(364 * DAY);
      const invoices = await invoicesOf(subscription.body.id);
      expect(invoices).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ total: 52_000, periodStart: subscription.body.trialEnd });
    });

    it('keeps billing a 156-week price stored before the rule was shared, next to an unschedulable one it skips and reports', async () => {
      const plan = await planWithTrial(5);
      const legacy = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 156_000, interval: 'week', intervalCount: 52 }).expect(201);
      const broken = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 1_000, interval: 'day', intervalCount: 1 }).expect(201);
      const startAt = new Date(Date.now() - 10 * DAY).toISOString();
      const legacySub = await tenant.as.post('/api/subscriptions').send({ customerId: await customer(), priceId: legacy.body.id, startAt }).expect(201);
      const brokenSub = await tenant.as.post('/api/subscriptions').send({ customerId: await customer(), priceId: broken.body.id, startAt }).expect(201);
      // What the old API could store (156 weeks), and a row no period math can schedule (its next boundary is past year 275760).
      await db.query('UPDATE prices SET interval_count = 156 WHERE id = $1', [legacy.body.id]);
      await db.query('UPDATE prices SET interval_count = 2000000000 WHERE id = $1', [broken.body.id]);

      const result = await cycle();
      expect(result.subscriptionsSkipped).toEqual([{ subscriptionId: brokenSub.body.id, reason: expect.stringContaining('representable') }]);
      const billed = await tenant.as.get(`/api/subscriptions/${legacySub.body.id}`).expect(200);
      expect(billed.body.status).toBe('active');
      expect(new Date(billed.body.currentPeriodEnd).getTime() - new Date(legacySub.body.trialEnd).getTime()).toBe(156 * 7 * DAY);
      expect(await invoicesOf(legacySub.body.id)).toHaveLength(1);
      // The skipped one is left as it was, for review, and the next run reports it again rather than failing.
      expect((await tenant.as.get(`/api/subscriptions/${brokenSub.body.id}`).expect(200)).body.status).toBe('trialing');
      expect(await invoicesOf(brokenSub.body.id)).toHaveLength(0);
      expect((await cycle()).subscriptionsSkipped).toEqual([expect.objectContaining({ subscriptionId: brokenSub.body.id })]);
      await db.query(`UPDATE subscriptions SET status = 'canceled', ended_at = now() WHERE id = $1`, [brokenSub.body.id]);
    });
  });

  describe('invoice prefixes', () => {
    it.each(['-', '-ACME', 'ACME--', 'acme', 'ACME_KE', 'ABCDEFGHIJKLM'])('refuses %p with a 400 naming invoicePrefix', async (invoicePrefix) => {
      const response = await tenant.asAdmin.patch('/api/tenants/me').send({ invoicePrefix }).expect(400);
      expect(response.body.fields).toEqual([expect.objectContaining({ field: 'invoicePrefix' })]);
    });

    it('numbers invoices with every accepted prefix, a trailing dash as the separator, in subscriptions and the cycle alike', async () => {
      const other = await registerTenant(app);
      const plan = (await other.as.post('/api/plans').send({ code: 'prefixed', name: 'Prefixed' }).expect(201)).body.id;
      const price = (await other.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 1_000, interval: 'day' }).expect(201)).body.id;
      const customerId = (await other.as.post('/api/customers').send({ name: 'Otieno', email: 'otieno@example.co.ke' }).expect(201)).body.id;
      for (const [invoicePrefix, expected] of [['ACME-', /^ACME-\d{6}$/], ['KE-2026', /^KE-2026-\d{6}$/]] as const) {
        expect((await other.asAdmin.patch('/api/tenants/me').send({ invoicePrefix }).expect(200)).body.invoicePrefix).toBe(invoicePrefix);
        const subscription = await other.as.post('/api/subscriptions').send({ customerId, priceId: price, startAt: new Date(Date.now() - 1.5 * DAY).toISOString() }).expect(201);
        expect((await cycle(other)).invoicesIssued).toBeGreaterThanOrEqual(1);
        const numbers = (await other.as.get(`/api/invoices?subscriptionId=${subscription.body.id}`).expect(200)).body.data.map((invoice: { number: string }) => invoice.number);
        expect(numbers).toHaveLength(2); // the first day at creation, the second by the cycle
        for (const number of numbers) expect(number).toMatch(expected);
      }
    });
  });

  describe('date ranges', () => {
    it.each([
      ['0000-01-01T00:00:00Z', 'year back'],
      [new Date(Date.now() - 400 * DAY).toISOString(), 'year back'],
      [new Date(Date.now() + 400 * DAY).toISOString(), 'year ahead'],
    ])('refuses a subscription starting %s with a 400 naming startAt', async (startAt, reason) => {
      const plan = await planWithTrial(0);
      const price = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 1_000, interval: 'month' }).expect(201);
      const response = await tenant.as.post('/api/subscriptions').send({ customerId: await customer(), priceId: price.body.id, startAt }).expect(400);
      expect(response.body.fields).toEqual([expect.objectContaining({ field: 'startAt', message: expect.stringContaining(reason) })]);
    });

    it('backdates a subscription by almost a year and the cycle catches it up', async () => {
      const plan = await planWithTrial(0);
      const price = await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 1_000, interval: 'month' }).expect(201);
      const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: await customer(), priceId: price.body.id, startAt: new Date(Date.now() - 350 * DAY).toISOString() }).expect(201);
      await cycle();
      const invoices = await invoicesOf(subscription.body.id);
      expect(invoices.length).toBeGreaterThanOrEqual(12);
      expect(invoices.length).toBeLessThanOrEqual(13);
    });

    const call = (id: string, startedAt: string) => ({ id, callerNumber: '+254700000001', calledNumber: '+254711000000', startedAt, durationSeconds: 10 });

    it.each([
      ['1999-12-31T23:59:59Z', 'before 2000-01-01'],
      ['0001-01-01T00:00:00Z', 'before 2000-01-01'],
      [new Date(Date.now() + 2 * DAY).toISOString(), 'more than a day in the future'],
    ])('refuses a CDR started %s: a 400 naming startedAt, and a batch reports it by index', async (startedAt, reason) => {
      const one = await tenant.as.post('/api/cdrs').send(call(`far-${startedAt}`, startedAt)).expect(400);
      expect(one.body.fields).toEqual([{ field: 'startedAt', message: expect.stringContaining(reason) }]);
      const batch = await tenant.as.post('/api/cdrs/batch').send({ cdrs: [call(`ok-${startedAt}`, new Date().toISOString()), call(`far-b-${startedAt}`, startedAt)] }).expect(202);
      expect(batch.body.rejected).toEqual([expect.objectContaining({ index: 1, field: 'cdrs[1].startedAt', message: expect.stringContaining(reason) })]);
      expect(batch.body.accepted).toBe(1);
    });

    it('accepts a CDR from a switch whose clock runs a few hours ahead', async () => {
      await tenant.as.post('/api/cdrs').send(call('ahead-3h', new Date(Date.now() + 3 * 3_600_000).toISOString())).expect(202);
    });
  });

  describe('dunning policy', () => {
    it('shows the installation defaults until set, and refuses schedules the dunning could not follow with a 400 naming retryDelaysSeconds', async () => {
      const fresh = await registerTenant(app);
      await fresh.asAdmin.get('/api/payment-settings').expect(200, { object: 'payment_settings', retryDelaysSeconds: [86_400, 259_200, 432_000], finalAction: 'past_due', reminderDays: [-3, 0, 3, 7, 14], livemode: true });
      for (const retryDelaysSeconds of [[], [0], [1.5], [60 * 86_400 + 1], Array(11).fill(60), '60']) {
        const response = await fresh.asAdmin.put('/api/payment-settings').send({ retryDelaysSeconds }).expect(400);
        expect(response.body.fields).toEqual([expect.objectContaining({ field: 'retryDelaysSeconds' })]);
      }
      await fresh.asAdmin.put('/api/payment-settings').send({ retryDelaysSeconds: [60 * 86_400] }).expect(200, { object: 'payment_settings', retryDelaysSeconds: [60 * 86_400], finalAction: 'past_due', reminderDays: [-3, 0, 3, 7, 14], livemode: true });
      await fresh.asAdmin.put('/api/payment-settings').send({ finalAction: 'cancel' }).expect(200, { object: 'payment_settings', retryDelaysSeconds: [60 * 86_400], finalAction: 'cancel', reminderDays: [-3, 0, 3, 7, 14], livemode: true });
    });
  });
});
