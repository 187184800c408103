// Plan and quantity changes, scheduled changes and paused collection over HTTP, with the billing cycle run through
// the API. Time moves by shifting a subscription's whole history one day (one period) back in its database: its
// anchor and current period, and the periods of its invoices, so that what was billed stays billed.
import { connectTenantDb } from '../support/tenant-db';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const DAY_MS = 86_400_000;

describe('subscription changes and pause over HTTP', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let customerId: string;
  let basic: string;
  let pro: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    customerId = (await tenant.as.post('/api/customers').send({ name: 'Wanjiru Kamau', email: 'wanjiru@example.test', currency: 'KES' }).expect(201)).body.id;
    const plan = async (code: string, name: string, unitAmount: number) => {
      const created = (await tenant.as.post('/api/plans').send({ code, name }).expect(201)).body.id;
      return (await tenant.as.post(`/api/plans/${created}/prices`).send({ currency: 'KES', unitAmount, interval: 'day' }).expect(201)).body.id as string;
    };
    basic = await plan('basic', 'Basic', 24_000);
    pro = await plan('pro', 'Pro', 72_000);
  });

  afterAll(async () => {
    await app?.close();
  });

  /**
   * A daily subscription to Basic started `daysAgo` days ago (its first day, from that day's midnight, invoiced at
   * creation): 0 is today's day, still running; 1 is yesterday's, ended at midnight, and the cycle has not run.
   */
  async function subscribe(daysAgo: 0 | 1, quantity = 1) {
    const startAt = new Date(Math.floor((Date.now() - daysAgo * DAY_MS) / 1000) * 1000).toISOString();
    return (await tenant.as.post('/api/subscriptions').send({ customerId, priceId: basic, quantity, startAt }).expect(201)).body as {
      id: string;
      currentPeriodStart: string;
      currentPeriodEnd: string;
      firstInvoiceId: string;
    };
  }

  /** The net of an upgrade or downgrade at `prorationDate` in a one-day period: the price difference × the share of the day left. */
  const netFor = (period: { currentPeriodEnd: string }, prorationDate: string, difference: number) => (difference * (Date.parse(period.currentPeriodEnd) - Date.parse(prorationDate))) / DAY_MS;

  /** Moves the subscription's history one day back: its current period has then ended. */
  async function oneDayLater(subscriptionId: string) {
    const db = await connectTenantDb(tenant.tenantId);
    try {
      await db.query(
        `UPDATE subscriptions SET billing_anchor = billing_anchor - interval '1 day', current_period_start = current_period_start - interval '1 day',
                current_period_end = current_period_end - interval '1 day' WHERE id = $1`,
        [subscriptionId],
      );
      await db.query(`UPDATE invoices SET period_start = period_start - interval '1 day', period_end = period_end - interval '1 day' WHERE subscription_id = $1 AND period_start IS NOT NULL`, [
        subscriptionId,
      ]);
    } finally {
      await db.end();
    }
  }

  const runCycle = async () => (await tenant.asAdmin.post('/api/invoices/process-billing-cycle').expect(200)).body;
  const invoicesOf = async (subscriptionId: string) =>
    ((await tenant.as.get(`/api/invoices?subscriptionId=${subscriptionId}&limit=100`).expect(200)).body.data as Array<{ id: string; status: string; total: number; periodStart: string | null }>).reverse();

  it('upgrade with always_invoice: the preview is what the proration invoice bills, to the second', async () => {
    const subscription = await subscribe(0); // today's day, from midnight: part of it used
    const body = { priceId: pro, prorationBehavior: 'always_invoice' };
    const preview = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send(body).expect(200)).body;
    expect(preview).toMatchObject({ object: 'subscription_change_preview', prorationBehavior: 'always_invoice', effective: 'now', priceId: pro });
    expect(preview.prorationDate).toMatch(/:\d\dZ$|\.000Z$/);
    expect(preview.prorations.map((line: { description: string }) => line.description.split(' after ')[0])).toEqual(['Unused time on Basic', 'Remaining time on Pro']);
    // The day's share left of -24 000 + 72 000, each side rounded on its own.
    expect(Math.abs(preview.prorationTotal - netFor(subscription, preview.prorationDate, 72_000 - 24_000))).toBeLessThanOrEqual(1);
    expect(preview.prorationTotal).toBeGreaterThan(0);
    expect(await invoicesOf(subscription.id)).toHaveLength(1); // nothing written

    const changed = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ ...body, prorationDate: preview.prorationDate }).expect(200)).body;
    // The same lines and amounts; only the issue time of an invoice issued "now" differs.
    const { livemode: _previewMode, ...previewed } = preview; // the answer's mode, not part of the change
    expect(changed).toMatchObject({ object: 'subscription_change', subscription: { priceId: pro, pendingChange: null }, change: { ...previewed, nextInvoice: { ...preview.nextInvoice, issuedAt: expect.any(String) } }, pendingInvoiceItems: [] });
    const invoice = (await tenant.as.get(`/api/invoices/${changed.invoiceId}`).expect(200)).body;
    expect(invoice).toMatchObject({ total: preview.nextInvoice.total, status: 'open', subscriptionId: subscription.id });
    expect(invoice.lines.map((line: { amount: number }) => line.amount)).toEqual(preview.prorations.map((line: { amount: number }) => line.amount));
  });

  it('downgrade with create_prorations: pending items on the renewal, which bills exactly the preview; the cycle is idempotent', async () => {
    const subscription = await subscribe(0, 2);
    const body = { priceId: pro, quantity: 1 }; // 2 × 24 000 → 1 × 72 000: an upgrade by price, fewer seats
    const preview = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send(body).expect(200)).body;
    const changed = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ ...body, prorationDate: preview.prorationDate }).expect(200)).body;
    expect(changed.invoiceId).toBeNull();
    expect(changed.pendingInvoiceItems).toMatchObject([{ object: 'pending_invoice_item', amount: preview.prorations[0].amount }, { amount: preview.prorations[1].amount }]);
    expect(changed.pendingInvoiceItems[0].description).toMatch(/^Unused time on Basic × 2 after /);

    await oneDayLater(subscription.id);
    await runCycle();
    await runCycle();
    const invoices = await invoicesOf(subscription.id);
    expect(invoices).toHaveLength(2);
    const renewal = (await tenant.as.get(`/api/invoices/${invoices[1]!.id}`).expect(200)).body;
    expect(renewal.total).toBe(preview.nextInvoice.total);
    expect(renewal.lines.map((line: { description: string; amount: number }) => [line.description.replace(/\(.*\)/, ''), line.amount])).toEqual(
      preview.nextInvoice.lines.map((line: { description: string; amount: number }) => [line.description.replace(/\(.*\)/, ''), line.amount]),
    );
  });

  it('a downgrade invoiced now credits the customer balance with the net', async () => {
    // Its own customer: the credit would pay the other tests' invoices.
    const credited = (await tenant.as.post('/api/customers').send({ name: 'Otieno', email: 'otieno@example.test', currency: 'KES' }).expect(201)).body.id;
    const subscription = (await tenant.as.post('/api/subscriptions').send({ customerId: credited, priceId: pro, quantity: 1 }).expect(201)).body;
    const changed = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ priceId: basic, prorationBehavior: 'always_invoice' }).expect(200)).body;
    expect(Math.abs(changed.change.prorationTotal - netFor(subscription, changed.change.prorationDate, 24_000 - 72_000))).toBeLessThanOrEqual(1);
    expect(changed.change.prorationTotal).toBeLessThan(0);
    const invoice = (await tenant.as.get(`/api/invoices/${changed.invoiceId}`).expect(200)).body;
    expect(invoice).toMatchObject({ status: 'paid', total: changed.change.prorationTotal, amountDue: 0 });
    const { balances } = (await tenant.as.get(`/api/customers/${credited}/balance`).expect(200)).body;
    expect(balances).toEqual([{ currency: 'KES', balance: -changed.change.prorationTotal }]);
  });

  it('a scheduled change is visible, cancellable, and applied by the billing cycle before billing the new period', async () => {
    const subscription = await subscribe(1); // the first day ended at midnight; the cycle has not run
    const scheduled = (await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ priceId: pro, quantity: 3, effective: 'period_end' }).expect(200)).body;
    expect(scheduled.subscription).toMatchObject({ priceId: basic, quantity: 1, pendingChange: { object: 'subscription_scheduled_change', priceId: pro, quantity: 3, effectiveAt: subscription.currentPeriodEnd } });
    expect((await tenant.as.delete(`/api/subscriptions/${subscription.id}/scheduled-change`).expect(200)).body.pendingChange).toBeNull();
    await tenant.as.delete(`/api/subscriptions/${subscription.id}/scheduled-change`).expect(409);
    await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ priceId: pro, quantity: 3, effective: 'period_end' }).expect(200);

    await runCycle();
    await runCycle();
    expect((await tenant.as.get(`/api/subscriptions/${subscription.id}`).expect(200)).body).toMatchObject({ priceId: pro, quantity: 3, pendingChange: null, currentPeriodStart: subscription.currentPeriodEnd });
    expect((await invoicesOf(subscription.id)).map((invoice) => invoice.total)).toEqual([24_000, 3 * 72_000]);
  });

  it('pause then resume never bills a period twice: the paused period is void, the next one is billed once', async () => {
    const subscription = await subscribe(1);
    const paused = (await tenant.as.post(`/api/subscriptions/${subscription.id}/pause`).send({ behavior: 'void' }).expect(200)).body;
    expect(paused).toMatchObject({ status: 'paused', pauseCollection: { behavior: 'void', resumesAt: null } });
    await tenant.as.post(`/api/subscriptions/${subscription.id}/pause`).send({ behavior: 'void' }).expect(409);
    await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ quantity: 2 }).expect(409);

    await runCycle();
    expect((await invoicesOf(subscription.id)).map((invoice) => invoice.status)).toEqual(['open', 'void']);
    const resumed = (await tenant.as.post(`/api/subscriptions/${subscription.id}/resume`).expect(200)).body;
    expect(resumed).toMatchObject({ status: 'active', pauseCollection: null });
    await tenant.as.post(`/api/subscriptions/${subscription.id}/resume`).expect(409);
    await runCycle(); // the paused period was billed (void): nothing to bill again
    expect(await invoicesOf(subscription.id)).toHaveLength(2);

    await oneDayLater(subscription.id);
    await runCycle();
    await runCycle();
    const invoices = await invoicesOf(subscription.id);
    expect(invoices.map((invoice) => invoice.status)).toEqual(['open', 'void', 'open']);
    expect(new Set(invoices.map((invoice) => invoice.periodStart)).size).toBe(3);
  });

  it('answers 400 naming the field, 404 for an unknown subscription', async () => {
    const subscription = await subscribe(0);
    const usdPlan = (await tenant.as.post('/api/plans').send({ code: 'usd', name: 'USD' }).expect(201)).body.id;
    const usd = (await tenant.as.post(`/api/plans/${usdPlan}/prices`).send({ currency: 'USD', unitAmount: 100, interval: 'day' }).expect(201)).body.id;
    const refused = await tenant.as.post(`/api/subscriptions/${subscription.id}/change`).send({ priceId: usd }).expect(400);
    expect(refused.body.fields).toEqual([{ field: 'priceId', message: expect.stringMatching(/USD/) }]);
    expect((await tenant.as.post(`/api/subscriptions/${subscription.id}/change/preview`).send({ quantity: 1 }).expect(400)).body.fields[0].field).toBe('quantity');
    expect((await tenant.as.post(`/api/subscriptions/${subscription.id}/pause`).send({ behavior: 'void', resumesAt: '2001-01-01T00:00:00Z' }).expect(400)).body.fields[0].field).toBe('resumesAt');
    await tenant.as.post('/api/subscriptions/00000000-0000-4000-8000-000000000000/change').send({ quantity: 2 }).expect(404);
  });
});
