// Tiered prices and several items on one subscription over HTTP: a tiered price's invoice shows its tier breakdown,
// an add-on added mid-period is invoiced at once for its remaining time only, and an add-on's quantity change is
// prorated on that item alone.
import { TestApp, startTestApp } from '../support/test-app';
import { connectTenantDb } from '../support/tenant-db';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY_MS = 86_400_000;

interface Line { description: string; quantity: number; unitAmount: number; amount: number; priceId: string | null }

describe('tiered prices and subscription items over HTTP', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let customerId: string;
  let seats: string;
  let support: string;
  let sms: string;

  const priceOn = async (code: string, name: string, price: Record<string, unknown>) => {
    const plan = (await tenant.as.post('/api/plans').send({ code, name }).expect(201)).body.id;
    return (await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', interval: 'day', ...price }).expect(201)).body as { id: string } & Record<string, unknown>;
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    customerId = (await tenant.as.post('/api/customers').send({ name: 'Achieng Otieno', email: 'achieng@example.test', currency: 'KES' }).expect(201)).body.id;
    // Graduated seats: 1–5 at 1,000.00 with a 2,000.00 platform fee, 6–10 at 800.00, 11+ at 500.00.
    const tiered = await priceOn('seats', 'Seats', {
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers: [
        { upTo: 5, unitAmount: 100_000, flatAmount: 200_000 },
        { upTo: 10, unitAmount: 80_000 },
        { upTo: 'inf', unitAmount: 50_000 },
      ],
    });
    expect(tiered).toMatchObject({
      object: 'price', livemode: true, billingScheme: 'tiered', tiersMode: 'graduated', unitAmount: 0,
      tiers: [{ upTo: 5, unitAmount: 100_000, flatAmount: 200_000 }, { upTo: 10, unitAmount: 80_000, flatAmount: 0 }, { upTo: null, unitAmount: 50_000, flatAmount: 0 }],
    });
    seats = tiered.id;
    support = (await priceOn('support', 'Support', { unitAmount: 24_000 })).id;
    sms = (await priceOn('sms', 'SMS pack', { unitAmount: 480 })).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  const linesOf = async (invoiceId: string) => (await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body.lines as Line[];
  const undated = (lines: Line[]) => lines.map((line) => [line.description.replace(/ \(\d{4}-.*\)$/, ''), line.quantity, line.unitAmount, line.amount]);

  /** A daily subscription started now: its period is today, from midnight (UTC, the tenant's zone), part of it used. */
  async function subscribe(body: Record<string, unknown>) {
    return (await tenant.as.post('/api/subscriptions').send({ customerId, ...body }).expect(201)).body as {
      id: string;
      firstInvoiceId: string;
      currentPeriodEnd: string;
      items: Array<{ id: string; priceId: string; quantity: number; base: boolean }>;
    };
  }

  /** `dailyAmount` × the share of the day left after `prorationDate` (the proration of a one-day period, before rounding). */
  const restOfDay = (subscription: { currentPeriodEnd: string }, prorationDate: string, dailyAmount: number) => (dailyAmount * (Date.parse(subscription.currentPeriodEnd) - Date.parse(prorationDate))) / DAY_MS;

  it('refuses bad tiers with 400 naming the tier and field', async () => {
    const plan = (await tenant.as.post('/api/plans').send({ code: 'bad-tiers', name: 'Bad' }).expect(201)).body.id;
    const attempt = async (body: Record<string, unknown>) => (await tenant.as.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', interval: 'day', billingScheme: 'tiered', tiersMode: 'volume', ...body }).expect(400)).body;
    expect(JSON.stringify(await attempt({ tiers: [{ upTo: 10, unitAmount: 1 }, { upTo: 5, unitAmount: 1 }, { upTo: null, unitAmount: 1 }] }))).toContain('tiers[1].upTo');
    expect(JSON.stringify(await attempt({ tiers: [{ upTo: 10, unitAmount: 1 }, { upTo: 20, unitAmount: 1 }] }))).toContain('tiers[1].upTo');
    expect(JSON.stringify(await attempt({ tiers: [{ upTo: 10, unitAmount: 1.5 }, { upTo: 'inf', unitAmount: 1 }] }))).toContain('tiers[0].unitAmount');
    expect(JSON.stringify(await attempt({ tiers: [{ upTo: 10, unitAmount: 1 }, 'x'] }))).toContain('tiers[1]');
    expect(JSON.stringify(await attempt({ tiersMode: undefined, tiers: [{ upTo: 10, unitAmount: 1 }, { upTo: null, unitAmount: 1 }] }))).toContain('tiersMode');
  });

  it('a tiered price: the first invoice bills 12 seats tier by tier (graduated), flat fee included', async () => {
    const subscription = await subscribe({ priceId: seats, quantity: 12 });
    expect(subscription.items).toEqual([{ object: 'subscription_item', id: subscription.id, priceId: seats, quantity: 12, base: true }]);
    const lines = await linesOf(subscription.firstInvoiceId);
    expect(undated(lines)).toEqual([
      ['Seats – tier 1: units 1–5', 5, 100_000, 500_000],
      ['Seats – tier 1: flat fee', 1, 200_000, 200_000],
      ['Seats – tier 2: units 6–10', 5, 80_000, 400_000],
      ['Seats – tier 3: units 11–12', 2, 50_000, 100_000],
    ]);
    expect((await tenant.as.get(`/api/invoices/${subscription.firstInvoiceId}`).expect(200)).body.total).toBe(1_200_000);
  });

  it('an add-on added mid-period with always_invoice: invoiced now for its remaining time only, as previewed', async () => {
    const subscription = await subscribe({ priceId: seats, quantity: 3, items: [{ priceId: support, quantity: 1 }] });
    expect(undated(await linesOf(subscription.firstInvoiceId))).toEqual([
      ['Seats – tier 1: units 1–3', 3, 100_000, 300_000],
      ['Seats – tier 1: flat fee', 1, 200_000, 200_000],
      ['Support', 1, 24_000, 24_000],
    ]);
    const change = { items: [{ priceId: sms, quantity: 50 }], prorationBehavior: 'always_invoice' };
    const preview = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send(change).expect(200)).body;
    // 50 × 480 = 24,000 a day, for the rest of today.
    expect(preview.prorations).toHaveLength(1);
    expect(preview.prorations[0]).toMatchObject({ priceId: sms, description: expect.stringMatching(/^Remaining time on SMS pack × 50 after /) });
    expect(Math.abs(preview.prorationTotal - restOfDay(subscription, preview.prorationDate, 24_000))).toBeLessThanOrEqual(1);
    expect(preview.items.map((item: { priceId: string; quantity: number }) => [item.priceId, item.quantity])).toEqual([[seats, 3], [support, 1], [sms, 50]]);

    const result = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ ...change, prorationDate: preview.prorationDate }).expect(200)).body;
    expect(result.change.prorations).toEqual(preview.prorations);
    const lines = await linesOf(result.invoiceId);
    expect(lines.map((line) => [line.description, line.amount])).toEqual([[preview.prorations[0].description, preview.prorationTotal]]);
    const after = (await tenant.as.get(`/api/subscriptions/${subscription.id}`).expect(200)).body;
    expect(after.items.map((item: { priceId: string; quantity: number; base: boolean }) => [item.priceId, item.quantity, item.base])).toEqual([
      [seats, 3, true],
      [support, 1, false],
      [sms, 50, false],
    ]);
  });

  it("an add-on's quantity change: only that item is prorated (pending items for the next invoice); bad item changes are 400s naming the field", async () => {
    const subscription = await subscribe({ items: [{ priceId: seats, quantity: 2 }, { priceId: support, quantity: 1 }] });
    const supportItem = subscription.items.find((item) => item.priceId === support)!;
    const result = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ items: [{ id: supportItem.id, quantity: 3 }] }).expect(200)).body;
    // Support 1 → 3 for the rest of today: -24,000 and +72,000 a day, each rounded on its own.
    expect(result.change.prorations.map((line: Line) => line.priceId)).toEqual([support, support]);
    expect(Math.abs(result.change.prorationTotal - restOfDay(subscription, result.change.prorationDate, 48_000))).toBeLessThanOrEqual(1);
    expect(result.pendingInvoiceItems).toHaveLength(2);
    expect(result.invoiceId).toBeNull();
    expect(result.subscription.items.find((item: { id: string }) => item.id === supportItem.id)).toMatchObject({ quantity: 3 });

    const naira = (await tenant.as.post(`/api/plans/${(await tenant.as.post('/api/plans').send({ code: 'ngn', name: 'Naira' }).expect(201)).body.id}/prices`).send({ currency: 'NGN', unitAmount: 100, interval: 'day' }).expect(201)).body.id;
    const refused = async (body: Record<string, unknown>, field: string) => {
      const answer = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send(body).expect(400)).body;
      expect(JSON.stringify(answer)).toContain(field);
    };
    await refused({ items: [{ priceId: naira }] }, 'items[0].priceId');
    await refused({ items: [{ id: supportItem.id, quantity: 0 }] }, 'items[0].quantity');
    await refused({ items: [{ id: subscription.id, deleted: true }] }, 'items[0].deleted');
    await refused({ items: [{ priceId: naira }], effective: 'period_end' }, 'items[0].priceId');
    await refused({ items: ['x'] }, 'items[0]');
    const create = (await tenant.as.post('/api/subscriptions').send({ customerId, priceId: seats, items: [{ priceId: naira }] }).expect(400)).body;
    expect(JSON.stringify(create)).toContain('items[0].priceId');
  });

  it('item changes scheduled for period_end: shown as pendingChange.items (every item from then), previewed, cancellable; the cycle bills the new items', async () => {
    const subscription = await subscribe({ priceId: seats, quantity: 2, items: [{ priceId: support, quantity: 1 }] });
    const supportItem = subscription.items.find((item) => item.priceId === support)!;
    const change = { items: [{ id: supportItem.id, deleted: true }, { priceId: sms, quantity: 10 }], effective: 'period_end' };
    const preview = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send(change).expect(200)).body;
    expect(preview).toMatchObject({ effective: 'period_end', prorations: [], prorationTotal: 0, prorationDate: null });
    // The renewal: 2 seats (2 × 1,000 + 2,000 flat) and 10 SMS packs, no support.
    expect(preview.nextInvoice).toMatchObject({ periodStart: subscription.currentPeriodEnd, total: 400_000 + 4_800 });
    const scheduled = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send(change).expect(200)).body;
    expect(scheduled).toMatchObject({ invoiceId: null, pendingInvoiceItems: [] });
    expect(scheduled.subscription.items.map((item: { priceId: string }) => item.priceId)).toEqual([seats, support]);
    expect(scheduled.subscription.pendingChange).toEqual({
      object: 'subscription_scheduled_change',
      priceId: seats,
      quantity: 2,
      items: [
        { id: subscription.id, priceId: seats, quantity: 2 },
        { id: null, priceId: sms, quantity: 10 },
      ],
      requestedAt: expect.any(String),
      effectiveAt: subscription.currentPeriodEnd,
    });
    expect((await tenant.as.delete(`/api/subscriptions/${subscription.id}/scheduled-change`).expect(200)).body.pendingChange).toBeNull();
    await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send(change).expect(200);

    // The cycle renewing it bills the scheduled items and writes them.
    // Moved one day back in the database (as the subscription-changes e2e does): today's period has then ended.
    const db = await connectTenantDb(tenant.tenantId);
    try {
      await db.query(
        `UPDATE subscriptions SET billing_anchor = billing_anchor - interval '1 day', current_period_start = current_period_start - interval '1 day',
                current_period_end = current_period_end - interval '1 day' WHERE id = $1`,
        [subscription.id],
      );
      await db.query(`UPDATE invoices SET period_start = period_start - interval '1 day', period_end = period_end - interval '1 day' WHERE subscription_id = $1`, [subscription.id]);
    } finally {
      await db.end();
    }
    await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200);
    const invoices = (await tenant.as.get(`/api/invoices?subscriptionId=${subscription.id}&limit=10`).expect(200)).body.data as Array<{ id: string }>;
    expect(invoices).toHaveLength(2);
    const renewal = invoices.find((invoice) => invoice.id !== subscription.firstInvoiceId)!;
    expect(undated(await linesOf(renewal.id))).toEqual([
      ['Seats – tier 1: units 1–2', 2, 100_000, 200_000],
      ['Seats – tier 1: flat fee', 1, 200_000, 200_000],
      ['SMS pack', 10, 480, 4_800],
    ]);
    const after = (await tenant.as.get(`/api/subscriptions/${subscription.id}`).expect(200)).body;
    expect(after).toMatchObject({ pendingChange: null });
    expect(after.items.map((item: { priceId: string; quantity: number }) => [item.priceId, item.quantity])).toEqual([[seats, 2], [sms, 10]]);
  });
});
