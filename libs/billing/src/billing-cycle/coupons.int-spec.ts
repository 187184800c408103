import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { runBillingCycle } from './billing-cycle';
import { getInvoice, listInvoices } from '../invoicing';
import { applyCustomerDiscount, applySubscriptionDiscount, createSubscription, getCustomerDiscount, getSubscriptionDiscount, removeSubscriptionDiscount } from '../subscriptions';
import { createCoupon, getCoupon, listCoupons, updateCoupon } from '../catalog';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

// Here rather than in catalog/: it follows coupons through subscriptions, the billing cycle and invoices.
describe('coupons and discounts (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('coupons_uc');
  });
  afterAll(() => db.drop());

  let sequence = 0;
  const code = (prefix: string) => `${prefix}${++sequence}`;
  /** A KES 2,500.00 monthly subscription started `days` ago, with its first invoice. */
  async function subscribe(options: { days?: number; coupon?: string; customerId?: string } = {}) {
    const customerId = options.customerId ?? (await seedCustomer(db.pool));
    const priceId = await seedPrice(db.pool, { unitAmount: 250_000n });
    return createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt: new Date(Date.now() - (options.days ?? 0) * DAY_MS), coupon: options.coupon });
  }
  const linesOf = async (invoiceId: string) => (await getInvoice(db.db, invoiceId)).lines.map((line) => [line.description, line.amount]);

  it('makes coupons with terms checked by the domain, finds them by id or code, lists, renames, archives and merges metadata', async () => {
    const coupon = await createCoupon(db.db, { code: code('WELCOME'), name: 'Welcome', percentOff: 12.5, duration: 'repeating', durationInMonths: 3, metadata: { campaign: 'launch' } });
    expect(coupon).toMatchObject({ percentOffBasisPoints: 1_250, amountOff: null, duration: 'repeating', durationInMonths: 3, timesRedeemed: 0, active: true });
    expect(await getCoupon(db.db, coupon.code)).toEqual(coupon);
    await expect(createCoupon(db.db, { code: coupon.code, percentOff: 5, duration: 'once' })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    await expect(createCoupon(db.db, { code: code('BAD'), percentOff: 5, duration: 'forever', durationInMonths: 2 })).rejects.toMatchObject({ details: { fields: [{ field: 'durationInMonths' }] } });
    await expect(createCoupon(db.db, { code: code('BAD'), amountOff: 100n, duration: 'once' })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
    await expect(createCoupon(db.db, { code: code('BAD'), percentOff: 5, duration: 'once', redeemBy: new Date(Date.now() - 1) })).rejects.toMatchObject({ details: { fields: [{ field: 'redeemBy' }] } });

    const archived = await updateCoupon(db.db, { id: coupon.id, active: false, metadata: { campaign: '', owner: 'sales' } });
    expect(archived).toMatchObject({ active: false, name: 'Welcome', metadata: { owner: 'sales' }, percentOffBasisPoints: 1_250 });
    expect((await listCoupons(db.db, { limit: 10 })).data.map((entry) => entry.id)).toContain(coupon.id);
    await expect(updateCoupon(db.db, { id: '00000000-0000-4000-8000-000000000000', name: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('a repeating percentage at creation takes its share off the first invoice and renewals within its months, then stops', async () => {
    const coupon = await createCoupon(db.db, { code: code('TWENTY'), percentOff: 20, duration: 'repeating', durationInMonths: 2 });
    const { subscription, firstInvoice } = await subscribe({ coupon: coupon.code });
    expect(await linesOf(firstInvoice!.id)).toEqual([[expect.stringContaining('Pro'), 250_000n], [`${coupon.code} (20% off)`, -50_000n]]);
    expect((await getCoupon(db.db, coupon.id)).timesRedeemed).toBe(1);

    // 100 days on, the cycle bills the periods starting in 1, 2 and 3 months: only the first starts within the coupon's 2 months.
    await runBillingCycle(db.pool, SETTINGS, new Date(Date.now() + 100 * DAY_MS));
    const invoices = (await listInvoices(db.db, { limit: 10, subscriptionId: subscription.id })).data.sort((a, b) => a.periodStart!.getTime() - b.periodStart!.getTime());
    expect(invoices.map((invoice) => invoice.total)).toEqual([200_000n, 200_000n, 250_000n, 250_000n]);
    expect((await getSubscriptionDiscount(db.db, subscription.id)).invoicesDiscounted).toBe(2);
  });

  it('a once coupon discounts one invoice and ends; a used-up or archived coupon is refused naming coupon', async () => {
    const coupon = await createCoupon(db.db, { code: code('ONCE'), amountOff: 100_000n, currency: 'KES', duration: 'once', maxRedemptions: 1 });
    const { subscription, firstInvoice } = await subscribe({ days: 35 });
    expect((await getInvoice(db.db, firstInvoice!.id)).total).toBe(250_000n);
    const discount = await applySubscriptionDiscount(db.db, { subscriptionId: subscription.id, coupon: coupon.id });
    expect(discount).toMatchObject({ subscriptionId: subscription.id, invoicesDiscounted: 0, end: null, coupon: { timesRedeemed: 1 } });

    await runBillingCycle(db.pool, SETTINGS, new Date());
    const renewal = (await listInvoices(db.db, { limit: 10, subscriptionId: subscription.id })).data.find((invoice) => invoice.id !== firstInvoice!.id)!;
    expect(await linesOf(renewal.id)).toEqual([[expect.any(String), 250_000n], [`${coupon.code} (KES 1000.00 off)`, -100_000n]]);
    await expect(getSubscriptionDiscount(db.db, subscription.id)).rejects.toMatchObject({ code: ErrorCode.NotFound }); // ended with its invoice

    const other = await subscribe();
    await expect(applySubscriptionDiscount(db.db, { subscriptionId: other.subscription.id, coupon: coupon.code })).rejects.toMatchObject({ details: { fields: [{ field: 'coupon', message: expect.stringContaining('limit') }] } });
    const archived = await createCoupon(db.db, { code: code('GONE'), percentOff: 5, duration: 'forever' });
    await updateCoupon(db.db, { id: archived.id, active: false });
    await expect(subscribe({ coupon: archived.code })).rejects.toMatchObject({ details: { fields: [{ field: 'coupon', message: 'the coupon is archived' }] } });
    await expect(applySubscriptionDiscount(db.db, { subscriptionId: other.subscription.id, coupon: 'NO-SUCH' })).rejects.toMatchObject({ details: { fields: [{ field: 'coupon' }] } });
  });

  it('holds its redemption limit when applied concurrently', async () => {
    const coupon = await createCoupon(db.db, { code: code('LIMITED'), percentOff: 10, duration: 'forever', maxRedemptions: 1 });
    const [a, b] = await Promise.all([subscribe(), subscribe()]);
    const results = await Promise.allSettled([a, b].map(({ subscription }) => applySubscriptionDiscount(db.db, { subscriptionId: subscription.id, coupon: coupon.code })));
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await getCoupon(db.db, coupon.id)).timesRedeemed).toBe(1);
  });

  it("a customer's discount applies to its subscriptions without one of their own; a subscription's own wins; removing ends it", async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const forever = await createCoupon(db.db, { code: code('LOYAL'), percentOff: 10, duration: 'forever' });
    const own = await createCoupon(db.db, { code: code('OWN'), percentOff: 50, duration: 'forever' });
    expect(await applyCustomerDiscount(db.db, { customerId, coupon: forever.code })).toMatchObject({ customerId, subscriptionId: null });
    const plain = await subscribe({ customerId });
    const special = await subscribe({ customerId, coupon: own.code });
    expect((await getInvoice(db.db, plain.firstInvoice!.id)).total).toBe(225_000n);
    expect((await getInvoice(db.db, special.firstInvoice!.id)).total).toBe(125_000n);
    expect((await getCustomerDiscount(db.db, customerId)).invoicesDiscounted).toBe(1);

    await removeSubscriptionDiscount(db.db, special.subscription.id);
    await expect(removeSubscriptionDiscount(db.db, special.subscription.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(applyCustomerDiscount(db.db, { customerId: '00000000-0000-4000-8000-000000000000', coupon: forever.code })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    // An amount off in another currency never applies to this customer's KES invoices.
    const dollars = await createCoupon(db.db, { code: code('USD'), amountOff: 500n, currency: 'USD', duration: 'forever' });
    await expect(applyCustomerDiscount(db.db, { customerId, coupon: dollars.code })).rejects.toMatchObject({ details: { fields: [{ field: 'coupon', message: expect.stringContaining('USD') }] } });
  });
});
