import { daysInMonth, instantAt, localDateTime, periodAt, prorateStub, startOfLocalDay } from '@nova/domain';
import { createSubscription, getSubscription, previewSubscriptionChange } from '../subscriptions';
import { getInvoice, listInvoices } from '../invoicing';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from './billing-cycle';

const ZONE = 'Asia/Kolkata';
const SETTINGS = { invoicePrefix: 'TZ-', paymentTermsDays: 14, invoicesPerMonth: null, timeZone: ZONE };
const UTC_SETTINGS = { invoicePrefix: 'TZ-', paymentTermsDays: 14, invoicesPerMonth: null };

/** Local midnight in Kolkata on `day` (clamped) of the month `monthsFromNow` away. */
function kolkataMidnight(monthsFromNow: number, day: number): Date {
  const now = localDateTime(new Date(), ZONE);
  const months = now.year * 12 + now.month - 1 + monthsFromNow;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  return instantAt({ year, month, day: Math.min(day, daysInMonth(year, month)), hour: 0, minute: 0, second: 0, millisecond: 0 }, ZONE);
}

describe('anchored subscriptions in the tenant time zone (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeEach(async () => {
    db = await migratedTenantDb('tz_anchor_uc');
  });
  afterEach(() => db.drop());

  it('anchored to the 31st in Kolkata: the stub to the first anchor is prorated to the second, then the cycle renews at local midnight on the clamped day', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 99_000n })]);
    // The 10th of the month four months ago, 15:20:07 IST.
    const tenth = kolkataMidnight(-4, 10);
    const startAt = new Date(tenth.getTime() + (15 * 3600 + 20 * 60 + 7) * 1000);
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 2, startAt, billingCycleAnchorDay: 31 });

    const anchor = kolkataMidnight(-4, 31);
    // The stub starts at the start day's local midnight (the 10th is a whole day of service), not at 15:20:07.
    expect(subscription).toMatchObject({ billingAnchor: anchor, billingAnchorDay: 31, timeZone: ZONE, currentPeriodStart: tenth, currentPeriodEnd: anchor });
    // Prorated against the full period that ends at the anchor (previous month's 31st, clamped, to this one).
    const fullStart = kolkataMidnight(-5, 31);
    const stubSeconds = BigInt((anchor.getTime() - tenth.getTime()) / 1000);
    const fullSeconds = BigInt((anchor.getTime() - fullStart.getTime()) / 1000);
    const exact = (2n * 99_000n * stubSeconds * 2n + fullSeconds) / (2n * fullSeconds); // half-up is enough here: no tie at these numbers
    const invoice = await getInvoice(db.db, firstInvoice!.id);
    expect(invoice).toMatchObject({ total: exact, periodStart: tenth, periodEnd: anchor });
    expect(invoice.total).toBeLessThan(2n * 99_000n);
    expect(invoice.lines).toMatchObject([{ quantity: 1, unitAmount: exact, description: expect.stringMatching(/^Pro × 2 \(\d{4}-\d{2}-10 – \d{4}-\d{2}-\d{2}, prorated\)$/) }]);

    // The cycle bills every regular period that has begun: each at Kolkata midnight on day 31 or the month's last.
    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result).toMatchObject({ subscriptionsSkipped: [], subscriptionsRenewed: 1 });
    const renewals = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data
      .filter((candidate) => candidate.id !== firstInvoice!.id)
      .sort((a, b) => a.periodStart!.getTime() - b.periodStart!.getTime());
    expect(renewals.length).toBeGreaterThanOrEqual(4);
    renewals.forEach((renewal, index) => {
      expect(renewal.periodStart).toEqual(kolkataMidnight(-4 + index, 31));
      expect(renewal.periodEnd).toEqual(kolkataMidnight(-3 + index, 31));
      const local = localDateTime(renewal.periodStart!, ZONE);
      expect([local.hour, local.minute, local.second]).toEqual([0, 0, 0]);
      expect(renewal.total).toBe(2n * 99_000n);
    });
    const renewed = await getSubscription(db.db, subscription.id);
    expect(renewed.currentPeriodStart.getTime()).toBeLessThanOrEqual(Date.now());
    expect(renewed.currentPeriodEnd.getTime()).toBeGreaterThan(Date.now());
    expect(localDateTime(renewed.currentPeriodEnd, ZONE)).toMatchObject({ hour: 0, minute: 0 });
  });

  it('a quantity change inside the stub prorates at the regular rate: the credit is what the unused stub time cost', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 310_000n })]);
    const startAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    // Anchored to the local day of the month 12 days ahead: a stub of 11 to 12 days.
    const anchorDay = localDateTime(new Date(Date.now() + 12 * 86_400_000), ZONE).day;
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt, billingCycleAnchorDay: anchorDay });
    const full = periodAt(subscription.billingAnchor, 'month', 1, -1, { timeZone: ZONE, anchorDay });
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, quantity: 2, prorationDate: at }, at);
    const rate = (seconds: number) => BigInt(Math.round((310_000 * seconds) / ((full.end.getTime() - full.start.getTime()) / 1000)));
    const unused = rate((subscription.billingAnchor.getTime() - at.getTime()) / 1000);
    const [credit, charge] = preview.prorations;
    expect(credit).toMatchObject({ periodStart: at, periodEnd: subscription.billingAnchor });
    // Within a minor unit of the exact share (rounding of each side), never more than the stub was charged.
    expect(Number(-credit!.amount - unused)).toBeGreaterThanOrEqual(-1);
    expect(Number(-credit!.amount - unused)).toBeLessThanOrEqual(1);
    expect(-credit!.amount).toBeLessThanOrEqual((await getInvoice(db.db, firstInvoice!.id)).total);
    expect(Number(charge!.amount - 2n * unused)).toBeGreaterThanOrEqual(-2);
    expect(Number(charge!.amount - 2n * unused)).toBeLessThanOrEqual(2);
  });

  it('with an add-on item, each item has its own prorated stub line; the cycle then bills both at the regular amount', async () => {
    const [customerId, base, addOn] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 310_000n }), seedPrice(db.pool, { unitAmount: 62_000n })]);
    const dayStart = kolkataMidnight(-2, 10);
    const startAt = new Date(dayStart.getTime() + 9 * 3_600_000);
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId: base, quantity: 1, items: [{ priceId: addOn, quantity: 3 }], startAt, billingCycleAnchorDay: 1 });
    const anchor = kolkataMidnight(-1, 1);
    expect(subscription).toMatchObject({ billingAnchor: anchor, currentPeriodEnd: anchor });
    const full = periodAt(anchor, 'month', 1, -1, { timeZone: ZONE, anchorDay: 1 });
    const share = (amount: number) => BigInt(Math.round((amount * (anchor.getTime() - dayStart.getTime())) / (full.end.getTime() - full.start.getTime())));
    const stub = await getInvoice(db.db, firstInvoice!.id);
    expect(stub.lines).toMatchObject([
      { priceId: base, quantity: 1, unitAmount: share(310_000), description: expect.stringMatching(/^Pro \(.*, prorated\)$/) },
      { priceId: addOn, quantity: 1, unitAmount: share(3 * 62_000), description: expect.stringMatching(/^Pro × 3 \(.*, prorated\)$/) },
    ]);
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const renewal = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data.find((invoice) => invoice.periodStart?.getTime() === anchor.getTime())!;
    expect(renewal.total).toBe(310_000n + 3n * 62_000n);
  });

  it('London (DST): weekly periods started at local midnight before the latest clock change renew at local midnight after it', async () => {
    const LONDON = { ...SETTINGS, timeZone: 'Europe/London' };
    const [customerId, weekly] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { interval: 'week' })]);
    // The latest clock change (last Sunday of March or October) at least two weeks ago.
    const lastSunday = (year: number, month: number) => {
      const day = daysInMonth(year, month);
      const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      return instantAt({ year, month, day: day - weekday, hour: 0, minute: 0, second: 0, millisecond: 0 }, 'Europe/London');
    };
    const year = new Date().getUTCFullYear();
    const change = [lastSunday(year - 1, 3), lastSunday(year - 1, 10), lastSunday(year, 3), lastSunday(year, 10)]
      .filter((at) => at.getTime() <= Date.now() - 14 * 86_400_000)
      .pop()!;
    const local = localDateTime(change, 'Europe/London');
    const startAt = instantAt({ ...local, day: local.day - 14 }, 'Europe/London'); // two local weeks before (same month: day ≥ 25)
    const { subscription } = await createSubscription(db.db, LONDON, { customerId, priceId: weekly, quantity: 1, startAt });
    await runBillingCycle(db.pool, LONDON, new Date(startAt.getTime() + 28 * 86_400_000));
    const starts = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data.map((invoice) => invoice.periodStart!).sort((a, b) => a.getTime() - b.getTime());
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (const start of starts) expect(localDateTime(start, 'Europe/London')).toMatchObject({ hour: 0, minute: 0 });
    // The UTC hour of local midnight moves across the change (00:00 ↔ 23:00), so the periods are not 7 × 24 h each.
    expect(new Set(starts.map((start) => start.getUTCHours())).size).toBe(2);
  });

  it('a subscription without an anchor starts its periods at local midnight of its start day, in the zone or in UTC', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool)]);
    const startAt = new Date(Date.now() - 3 * 86_400_000);
    const zoned = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt });
    const localMidnight = startOfLocalDay(startAt, ZONE);
    expect(localDateTime(localMidnight, ZONE)).toMatchObject({ day: localDateTime(startAt, ZONE).day, hour: 0, minute: 0, second: 0 });
    expect(zoned.subscription).toMatchObject({ billingAnchor: localMidnight, billingAnchorDay: null, timeZone: ZONE, currentPeriodStart: localMidnight });
    expect(zoned.subscription.currentPeriodEnd).toEqual(periodAt(localMidnight, 'month', 1, 0, { timeZone: ZONE }).end);
    // Billed in full: the hours of the start day before creation are part of its first (whole) day.
    expect((await getInvoice(db.db, zoned.firstInvoice!.id)).total).toBe(250_000n);
    const plain = await createSubscription(db.db, UTC_SETTINGS, { customerId, priceId, quantity: 1, startAt });
    const utcMidnight = startOfLocalDay(startAt, 'UTC');
    expect(plain.subscription).toMatchObject({ timeZone: 'UTC', billingAnchorDay: null, currentPeriodStart: utcMidnight, currentPeriodEnd: periodAt(utcMidnight, 'month', 1, 0).end });
  });

  it('Nairobi: created at 14:23 local with a 7-day trial, the trial ends at local midnight and the cycle renews at local midnights', async () => {
    const NAIROBI = { ...SETTINGS, timeZone: 'Africa/Nairobi' };
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 5_000n })]);
    const today = localDateTime(new Date(), 'Africa/Nairobi');
    const dayStart = instantAt({ ...today, day: today.day - 40, hour: 0, minute: 0, second: 0, millisecond: 0 }, 'Africa/Nairobi');
    const startAt = new Date(dayStart.getTime() + (14 * 60 + 23) * 60_000);
    const { subscription } = await createSubscription(db.db, NAIROBI, { customerId, priceId, quantity: 1, startAt, trialDays: 7 });
    const trialEnd = new Date(dayStart.getTime() + 7 * 86_400_000); // Nairobi has no DST: 7 × 24 h
    expect(subscription).toMatchObject({ status: 'trialing', currentPeriodStart: dayStart, trialEnd, currentPeriodEnd: trialEnd, billingAnchor: trialEnd });
    await runBillingCycle(db.pool, NAIROBI, new Date());
    const invoices = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data;
    expect(invoices.length).toBeGreaterThanOrEqual(2);
    for (const invoice of invoices) {
      expect(localDateTime(invoice.periodStart!, 'Africa/Nairobi')).toMatchObject({ hour: 0, minute: 0, second: 0 });
      expect(invoice.total).toBe(5_000n);
    }
    expect(invoices.map((invoice) => invoice.periodStart!.getTime()).sort()[0]).toBe(trialEnd.getTime());
  });

  it('anchor + trial (Stripe): the trial runs, the cycle bills a prorated stub from its end to the anchor, then regular anchored periods', async () => {
    const [customerId, priceId] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool, { unitAmount: 310_000n })]);
    const dayStart = kolkataMidnight(-3, 5);
    const startAt = new Date(dayStart.getTime() + 10 * 3_600_000);
    const { subscription, firstInvoice } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt, trialDays: 10, billingCycleAnchorDay: 1 });
    const trialEnd = kolkataMidnight(-3, 15);
    const anchor = kolkataMidnight(-2, 1);
    expect(firstInvoice).toBeNull();
    expect(subscription).toMatchObject({ status: 'trialing', currentPeriodStart: dayStart, currentPeriodEnd: trialEnd, trialEnd, billingAnchor: anchor, billingAnchorDay: 1 });
    // During the trial, the preview's next invoice is the stub.
    const preview = await previewSubscriptionChange(db.db, { subscriptionId: subscription.id, quantity: 2, effective: 'period_end' }, new Date(trialEnd.getTime() - 86_400_000));
    expect(preview.nextInvoice).toMatchObject({ periodStart: trialEnd, periodEnd: anchor });

    const result = await runBillingCycle(db.pool, SETTINGS, new Date());
    expect(result).toMatchObject({ subscriptionsSkipped: [], subscriptionsRenewed: 1 });
    const invoices = (await listInvoices(db.db, { limit: 100, subscriptionId: subscription.id })).data.sort((a, b) => a.periodStart!.getTime() - b.periodStart!.getTime());
    const [stub, ...regular] = invoices;
    const full = periodAt(anchor, 'month', 1, -1, { timeZone: ZONE, anchorDay: 1 });
    expect(stub).toMatchObject({ periodStart: trialEnd, periodEnd: anchor, total: prorateStub(310_000n, full, { start: trialEnd, end: anchor }) });
    expect(stub!.total).toBeLessThan(310_000n);
    expect((await getInvoice(db.db, stub!.id)).lines).toMatchObject([{ quantity: 1, description: expect.stringMatching(/, prorated\)$/) }]);
    expect(regular.length).toBeGreaterThanOrEqual(2);
    regular.forEach((invoice, index) => {
      expect(invoice).toMatchObject({ periodStart: kolkataMidnight(-2 + index, 1), periodEnd: kolkataMidnight(-1 + index, 1), total: 310_000n });
    });
    expect(await getSubscription(db.db, subscription.id)).toMatchObject({ status: 'active' });
  });

  it('refuses an anchor instant before the trial ends, an anchor day on a weekly price, and an anchor beyond the first period, naming the field', async () => {
    const [customerId, monthly, weekly] = await Promise.all([seedCustomer(db.pool), seedPrice(db.pool), seedPrice(db.pool, { interval: 'week' })]);
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId: monthly, quantity: 1, trialDays: 7, billingCycleAnchor: new Date(Date.now() + 3 * 86_400_000) })).rejects.toMatchObject({
      details: { fields: [{ field: 'billingCycleAnchor' }] },
    });
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId: weekly, quantity: 1, billingCycleAnchorDay: 1 })).rejects.toMatchObject({
      details: { fields: [{ field: 'billingCycleAnchorDay' }] },
    });
    await expect(createSubscription(db.db, SETTINGS, { customerId, priceId: monthly, quantity: 1, billingCycleAnchor: new Date(Date.now() + 40 * 86_400_000) })).rejects.toMatchObject({
      details: { fields: [{ field: 'billingCycleAnchor' }] },
    });
    expect((await listInvoices(db.db, { limit: 10 })).data).toHaveLength(0);
  });
});
