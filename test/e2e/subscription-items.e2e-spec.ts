// Tiered prices and several items on one subscription over HTTP: a tiered price's invoice shows its tier breakdown,
// an add-on added mid-period is invoiced at once for its remaining time only, and an add-on's quantity change is
// prorated on that item alone.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const HOUR_MS = 3_600_000;

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

  async function subscribe(hoursAgo: number, body: Record<string, unknown>) {
    const startAt = new Date(Math.floor((Date.now() - hoursAgo * HOUR_MS) / 1000) * 1000).toISOString();
    return (await tenant.as.post('/api/subscriptions').send({ customerId, startAt, ...body }).expect(201)).body as { id: string; firstInvoiceId: string; items: Array<{ id: string; priceId: string; quantity: number; base: boolean }> };
  }

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
    const subscription = await subscribe(0, { priceId: seats, quantity: 12 });
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
    const subscription = await subscribe(6, { priceId: seats, quantity: 3, items: [{ priceId: support, quantity: 1 }] });
    expect(undated(await linesOf(subscription.firstInvoiceId))).toEqual([
      ['Seats – tier 1: units 1–3', 3, 100_000, 300_000],
      ['Seats – tier 1: flat fee', 1, 200_000, 200_000],
      ['Support', 1, 24_000, 24_000],
    ]);
    const change = { items: [{ priceId: sms, quantity: 50 }], prorationBehavior: 'always_invoice' };
    const preview = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send(change).expect(200)).body;
    // 50 × 480 = 24,000 a day; about three quarters of it left.
    expect(preview.prorations).toHaveLength(1);
    expect(preview.prorations[0]).toMatchObject({ priceId: sms, description: expect.stringMatching(/^Remaining time on SMS pack × 50 after /) });
    expect(preview.prorationTotal).toBeGreaterThan(17_900);
    expect(preview.prorationTotal).toBeLessThanOrEqual(18_000);
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
    const subscription = await subscribe(12, { items: [{ priceId: seats, quantity: 2 }, { priceId: support, quantity: 1 }] });
    const supportItem = subscription.items.find((item) => item.priceId === support)!;
    const result = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ items: [{ id: supportItem.id, quantity: 3 }] }).expect(200)).body;
    // Support 1 → 3 with about half the day left: about -12,000 and +36,000.
    expect(result.change.prorations.map((line: Line) => line.priceId)).toEqual([support, support]);
    expect(result.change.prorationTotal).toBeGreaterThan(23_900);
    expect(result.change.prorationTotal).toBeLessThanOrEqual(24_000);
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
    await refused({ items: [{ priceId: sms }], effective: 'period_end' }, 'items');
    await refused({ items: ['x'] }, 'items[0]');
    const create = (await tenant.as.post('/api/subscriptions').send({ customerId, priceId: seats, items: [{ priceId: naira }] }).expect(400)).body;
    expect(JSON.stringify(create)).toContain('items[0].priceId');
  });
});
