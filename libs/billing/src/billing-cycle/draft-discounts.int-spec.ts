// A renewal draft's coupon discount follows the draft (real tenant database, through the billing
// cycle, the draft edit and the finalization): a percentage is recomputed on the edited lines, an
// amount off capped at their subtotal, the VAT on the discounted values; the coupon archived since
// still applies (the discount was applied while it could be), a discount removed or replaced since
// leaves the draft and is not on the finalized invoice.
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedPrice } from '../../../../test/support/migrated-tenant-db';
import { createCoupon, updateCoupon } from '../catalog';
import { editDraftInvoice, finalizeInvoice, getInvoice, listInvoices } from '../invoicing';
import { applyCustomerDiscount, applySubscriptionDiscount, createSubscription, removeSubscriptionDiscount } from '../subscriptions';
import { createTaxRate, putTaxProfile } from '../tax';
import { runBillingCycle } from './billing-cycle';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null, draftFinalizeDelayMinutes: 60 };
const DAY_MS = 86_400_000;

describe("a draft's coupon discount follows its lines (real tenant database)", () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('draft_discounts');
    const vat = (await createTaxRate(db.db, { name: 'VAT 16%', country: 'KE', percentage: '16' })).id;
    await putTaxProfile(db.db, { legalName: 'Savanna Networks Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxRateId: vat });
  });
  afterAll(() => db.drop());

  let sequence = 0;
  /** A KES 100.00 subscription of 10-day periods started 15 days ago, and its renewal: a draft, discounted by `coupon`. */
  async function renewalDraft(options: { coupon?: string; customerId?: string }) {
    const customerId = options.customerId ?? (await seedCustomer(db.pool, 'KES'));
    const priceId = await seedPrice(db.pool, { unitAmount: 10_000n, interval: 'day', intervalCount: 10 });
    const startAt = new Date(Math.floor((Date.now() - 15 * DAY_MS) / 1000) * 1000);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt, coupon: options.coupon });
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const draft = (await listInvoices(db.db, { limit: 10, subscriptionId: subscription.id, status: 'draft' })).data[0]!;
    return { subscription, draftId: draft.id };
  }
  const shape = async (invoiceId: string) => {
    const invoice = await getInvoice(db.db, invoiceId);
    return { status: invoice.status, lines: invoice.lines.map((line) => [line.description, line.amount]), subtotal: invoice.subtotal, tax: invoice.tax, total: invoice.total };
  };

  it('recomputes a percentage on every edit and at finalization, with the VAT on the discounted value, even once the coupon is archived', async () => {
    const coupon = await createCoupon(db.db, { code: `LAUNCH${++sequence}`, percentOff: 15, duration: 'forever' });
    const { draftId } = await renewalDraft({ coupon: coupon.code });
    const off = `${coupon.code} (15% off)`;
    expect(await shape(draftId)).toMatchObject({ status: 'draft', lines: [[expect.any(String), 10_000n], [off, -1_500n]], subtotal: 8_500n, tax: 1_360n, total: 9_860n });

    // A line added: 15 % of 15,000, and the discount stays the last line.
    await editDraftInvoice(db.db, { invoiceId: draftId, addLines: [{ description: 'Setup', quantity: 1, unitAmount: 5_000n }] });
    expect(await shape(draftId)).toMatchObject({ lines: [[expect.any(String), 10_000n], ['Setup', 5_000n], [off, -2_250n]], subtotal: 12_750n, tax: 2_040n, total: 14_790n });
    // Removed again: back to 15 % of 10,000.
    await editDraftInvoice(db.db, { invoiceId: draftId, removeLines: [1] });
    expect(await shape(draftId)).toMatchObject({ lines: [[expect.any(String), 10_000n], [off, -1_500n]], total: 9_860n });
    // Every line replaced: the coupon's discount is not a line the tenant wrote, so it stays, on the new lines.
    await editDraftInvoice(db.db, { invoiceId: draftId, lines: [{ description: 'Custom work', quantity: 2, unitAmount: 3_000n }] });
    expect(await shape(draftId)).toMatchObject({ lines: [['Custom work', 6_000n], [off, -900n]], subtotal: 5_100n, tax: 816n, total: 5_916n });

    // Archived (no new redemptions): the discount applied while it could be keeps applying, at finalization too.
    await updateCoupon(db.db, { id: coupon.id, active: false });
    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draftId });
    expect(await shape(draftId)).toEqual({ status: 'open', lines: [['Custom work', 6_000n], [off, -900n]], subtotal: 5_100n, tax: 816n, total: 5_916n });
  });

  it('caps an amount off at the edited subtotal, gives it back as lines grow, and drops it once the discount is removed', async () => {
    const coupon = await createCoupon(db.db, { code: `KES30OFF${++sequence}`, amountOff: 3_000n, currency: 'KES', duration: 'forever' });
    const { subscription, draftId } = await renewalDraft({ coupon: coupon.code });
    const off = `${coupon.code} (KES 30.00 off)`;
    expect(await shape(draftId)).toMatchObject({ lines: [[expect.any(String), 10_000n], [off, -3_000n]], total: 8_120n });

    await editDraftInvoice(db.db, { invoiceId: draftId, lines: [{ description: 'Small plan', quantity: 1, unitAmount: 2_000n }] });
    expect(await shape(draftId)).toMatchObject({ lines: [['Small plan', 2_000n], [off, -2_000n]], subtotal: 0n, tax: 0n, total: 0n });
    await editDraftInvoice(db.db, { invoiceId: draftId, addLines: [{ description: 'Extra seat', quantity: 1, unitAmount: 4_000n }] });
    expect(await shape(draftId)).toMatchObject({ lines: [['Small plan', 2_000n], ['Extra seat', 4_000n], [off, -3_000n]], subtotal: 3_000n, tax: 480n, total: 3_480n });

    // Removed from the subscription: it leaves the draft now, and the finalized invoice has no discount.
    await removeSubscriptionDiscount(db.db, subscription.id);
    expect(await shape(draftId)).toMatchObject({ status: 'draft', lines: [['Small plan', 2_000n], ['Extra seat', 4_000n]], total: 6_960n });
    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draftId });
    expect(await shape(draftId)).toMatchObject({ status: 'open', lines: [['Small plan', 2_000n], ['Extra seat', 4_000n]], subtotal: 6_000n, tax: 960n, total: 6_960n });
  });

  it("takes a customer's discount replaced by another coupon off its drafts; the new one applies from the next invoice", async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const first = await createCoupon(db.db, { code: `LOYAL${++sequence}`, percentOff: 10, duration: 'forever' });
    await applyCustomerDiscount(db.db, { customerId, coupon: first.code });
    const { draftId } = await renewalDraft({ customerId });
    expect((await shape(draftId)).lines).toEqual([[expect.any(String), 10_000n], [`${first.code} (10% off)`, -1_000n]]);

    const second = await createCoupon(db.db, { code: `LOYAL${++sequence}`, percentOff: 20, duration: 'forever' });
    await applyCustomerDiscount(db.db, { customerId, coupon: second.code });
    expect(await shape(draftId)).toMatchObject({ lines: [[expect.any(String), 10_000n]], total: 11_600n });
    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draftId });
    expect(await shape(draftId)).toMatchObject({ status: 'open', lines: [[expect.any(String), 10_000n]], total: 11_600n });
  });

  it('keeps a once discount on the draft it was used up on, through edits and finalization', async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const once = await createCoupon(db.db, { code: `ONCE${++sequence}`, percentOff: 50, duration: 'once' });
    // Applied after the first invoice: the renewal draft is its one invoice, and it ends there (used, not removed).
    const priceId = await seedPrice(db.pool, { unitAmount: 10_000n, interval: 'day', intervalCount: 10 });
    const startAt = new Date(Math.floor((Date.now() - 15 * DAY_MS) / 1000) * 1000);
    const { subscription } = await createSubscription(db.db, SETTINGS, { customerId, priceId, quantity: 1, startAt });
    await applySubscriptionDiscount(db.db, { subscriptionId: subscription.id, coupon: once.code });
    await runBillingCycle(db.pool, SETTINGS, new Date());
    const draftId = (await listInvoices(db.db, { limit: 10, subscriptionId: subscription.id, status: 'draft' })).data[0]!.id;
    await expect(removeSubscriptionDiscount(db.db, subscription.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });

    await editDraftInvoice(db.db, { invoiceId: draftId, addLines: [{ description: 'Setup', quantity: 1, unitAmount: 2_000n }] });
    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draftId });
    expect(await shape(draftId)).toMatchObject({ status: 'open', lines: [[expect.any(String), 10_000n], ['Setup', 2_000n], [`${once.code} (50% off)`, -6_000n]], total: 6_960n });
  });
});
