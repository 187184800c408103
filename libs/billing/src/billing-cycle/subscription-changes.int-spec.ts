import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { adjustCustomerBalance } from '../customers';
import { getInvoice, issueInvoices, listInvoices, listPendingInvoiceItems } from '../invoicing';
import { changeSubscription, createSubscription, getSubscription, pauseSubscription, previewSubscriptionChange, resumeSubscription } from '../subscriptions';
import { runBillingCycle } from './billing-cycle';

const SETTINGS = { invoicePrefix: 'CYC-', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;
const seconds = (at: number) => new Date(Math.floor(at / 1000) * 1000);

describe('the billing cycle with plan changes and paused collection (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('sub_changes_cycle');
  });
  afterAll(() => db.drop());

  /** Basic (1000 per 30 days) started `daysIn` days ago, and Pro (3000) on the same cycle. */
  async function subscribed(daysIn: number) {
    const customerId = await seedCustomer(db.pool);
    const basic = await seedPrice(db.pool, { unitAmount: 1000n, interval: 'day', intervalCount: 30 });
    const pro = await seedPrice(db.pool, { unitAmount: 3000n, interval: 'day', intervalCount: 30 });
    const startAt = seconds(Date.now() - daysIn * DAY_MS);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId: basic, quantity: 1, startAt });
    return { customerId, basic, pro, subscription, at: new Date(subscription.currentPeriodStart.getTime() + daysIn * DAY_MS) };
  }
  const invoicesOf = async (subscriptionId: string) => (await listInvoices(db.db, { limit: 100, subscriptionId })).data.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.number ?? '').localeCompare(b.number ?? ''));

  it('bills what the preview showed: the renewal takes the proration items exactly once, a second run bills nothing', async () => {
    const { pro, subscription, at } = await subscribed(15);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, priceId: pro, prorationDate: at }, at);
    await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, prorationDate: preview.prorationDate! }, at);

    const asOf = subscription.currentPeriodEnd;
    const [first, concurrent] = await Promise.all([runBillingCycle(db.pool, SETTINGS, asOf), runBillingCycle(db.pool, SETTINGS, asOf)]);
    const again = await runBillingCycle(db.pool, SETTINGS, asOf);
    expect(first.invoicesIssued + concurrent.invoicesIssued + again.invoicesIssued).toBe(1);
    const renewal = (await invoicesOf(subscription.id)).find((invoice) => invoice.periodStart?.getTime() === subscription.currentPeriodEnd.getTime())!;
    const lines = (await getInvoice(db.db, renewal.id)).lines;
    expect(renewal.total).toBe(preview.nextInvoice!.total);
    expect(lines.map((line) => [line.description, line.amount])).toEqual(preview.nextInvoice!.lines.map((line) => [line.description, line.amount]));
    expect(await listPendingInvoiceItems(db.pool, subscription.id)).toEqual([]);
  });

  it('applies a scheduled change when the period rolls, before billing the new period', async () => {
    const { pro, subscription, at } = await subscribed(5);
    await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, priceId: pro, quantity: 2, effective: 'period_end' }, at);
    const result = await runBillingCycle(db.pool, SETTINGS, subscription.currentPeriodEnd);
    expect(result.invoicesIssued).toBe(1);
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ priceId: pro, quantity: 2, pendingChange: null, currentPeriodStart: subscription.currentPeriodEnd });
    const renewal = (await invoicesOf(subscription.id)).at(-1)!;
    expect(renewal).toMatchObject({ total: 6000n, periodStart: subscription.currentPeriodEnd });
  });

  it.each([
    ['void', 'void', 0n],
    ['mark_uncollectible', 'uncollectible', 1000n],
    ['keep_as_draft', 'draft', 1000n],
  ] as const)('paused with %s: the period rolls, its invoice is %s and takes no credit; resume bills the next period once', async (behavior, status, amountDue) => {
    const { customerId, subscription } = await subscribed(20);
    await adjustCustomerBalance(db.db, { customerId, currency: 'KES', amount: 5000n, reason: 'goodwill' });
    const paused = await pauseSubscription(db.db, { subscriptionId: subscription.id, behavior });
    expect(paused).toMatchObject({ status: 'paused', pauseCollection: { behavior, resumesAt: null } });

    const firstRoll = subscription.currentPeriodEnd;
    await runBillingCycle(db.pool, SETTINGS, firstRoll);
    await runBillingCycle(db.pool, SETTINGS, firstRoll);
    const pausedPeriod = (await invoicesOf(subscription.id)).filter((invoice) => invoice.periodStart?.getTime() === firstRoll.getTime());
    expect(pausedPeriod).toMatchObject([{ status, total: 1000n, amountDue, creditApplied: 0n }]);
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'paused', currentPeriodStart: firstRoll });

    const resumed = await resumeSubscription(db.db, subscription.id);
    expect(resumed).toMatchObject({ status: 'active', pauseCollection: null });
    await runBillingCycle(db.pool, SETTINGS, resumed.currentPeriodEnd);
    await runBillingCycle(db.pool, SETTINGS, resumed.currentPeriodEnd);
    const invoices = await invoicesOf(subscription.id);
    expect(invoices.map((invoice) => invoice.periodStart?.getTime())).toEqual([subscription.currentPeriodStart.getTime(), firstRoll.getTime(), resumed.currentPeriodEnd.getTime()]);
    expect(invoices.at(-1)).toMatchObject({ status: 'paid', total: 1000n, creditApplied: 1000n }); // collected again: it takes the credit
  });

  it('resumes by itself at resumesAt: periods that began before it stay paused, the ones after are billed', async () => {
    const { subscription, at } = await subscribed(15);
    // The next period starts 15 days from `at`; resume 5 days into it.
    const resumesAt = new Date(subscription.currentPeriodEnd.getTime() + 5 * DAY_MS);
    await pauseSubscription(db.db, { subscriptionId: subscription.id, behavior: 'void', resumesAt }, at);

    const rolled = await runBillingCycle(db.pool, SETTINGS, new Date(subscription.currentPeriodEnd.getTime() + DAY_MS));
    expect(rolled).toMatchObject({ invoicesIssued: 1, subscriptionsResumed: 0 });
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'paused' });

    const resumed = await runBillingCycle(db.pool, SETTINGS, new Date(resumesAt.getTime() + 1000));
    expect(resumed).toMatchObject({ invoicesIssued: 0, subscriptionsResumed: 1 });
    const after = await getSubscription(db.db, subscription.id);
    expect(after).toMatchObject({ status: 'active', pauseCollection: null });

    await runBillingCycle(db.pool, SETTINGS, after.currentPeriodEnd);
    expect((await invoicesOf(subscription.id)).map((invoice) => invoice.status)).toEqual(['open', 'void', 'open']);
  });

  it('refuses to pause what is not active, to resume what is not paused, and a resume date in the past', async () => {
    const { subscription, at } = await subscribed(3);
    await expect(resumeSubscription(db.db, subscription.id)).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(pauseSubscription(db.db, { subscriptionId: subscription.id, behavior: 'void', resumesAt: new Date(at.getTime() - 1000) }, at)).rejects.toMatchObject({ details: { fields: [{ field: 'resumesAt' }] } });
    await expect(pauseSubscription(db.db, { subscriptionId: subscription.id, behavior: 'later' as never })).rejects.toMatchObject({ details: { fields: [{ field: 'behavior' }] } });
    await pauseSubscription(db.db, { subscriptionId: subscription.id, behavior: 'void' });
    await expect(pauseSubscription(db.db, { subscriptionId: subscription.id, behavior: 'void' })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, quantity: 2 })).rejects.toMatchObject({ code: ErrorCode.Conflict });
  });

  it('pending items go to exactly one invoice when two issuances of the subscription race', async () => {
    const { customerId, subscription, at } = await subscribed(10);
    const { preview } = await changeSubscription(db.db, SETTINGS, { subscriptionId: subscription.id, quantity: 2, prorationDate: at }, at);
    expect(preview.prorationTotal).toBe(666n); // 20 of 30 days: -667 + 1333
    const issue = () => db.pool.connect().then(async (client) => {
      try {
        await client.query('BEGIN');
        const [issued] = await issueInvoices(client, SETTINGS, [{ customerId, subscriptionId: subscription.id, currency: 'KES', lines: [{ description: 'Setup', quantity: 1, unitAmount: 100n }] }]);
        await client.query('COMMIT');
        return issued!;
      } finally {
        client.release();
      }
    });
    const issued = await Promise.all([issue(), issue()]);
    expect(issued.map((invoice) => invoice.total).sort((a, b) => Number(a - b))).toEqual([100n, 100n + 666n]);
    const { rows } = await db.pool.query('SELECT count(DISTINCT invoice_id)::int AS invoices, count(*)::int AS items FROM pending_invoice_items WHERE subscription_id = $1', [subscription.id]);
    expect(rows[0]).toEqual({ invoices: 1, items: 2 });
  });
});
