import { DomainError } from '../errors';
import { itemPriceProblem, MAX_SUBSCRIPTION_ITEMS, planItemChanges } from './items';
import { itemProrationItems } from './plan-change';
import type { ChangeablePrice } from './plan-change';

const BASE = { id: 'sub_1', priceId: 'price_base', quantity: 3 };
const SUPPORT = { id: 'item_support', priceId: 'price_support', quantity: 1 };

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.details?.fields?.[0]?.field : undefined;
  }
  return undefined;
};

describe('planItemChanges', () => {
  it('adds, changes and removes add-ons, keeping the base first and the untouched items as they are', () => {
    const planned = planItemChanges(BASE, [SUPPORT, { id: 'item_sms', priceId: 'price_sms', quantity: 100 }], [
      { id: 'item_support', quantity: 2 },
      { id: 'item_sms', deleted: true },
      { priceId: 'price_storage' },
    ]);
    expect(planned.base).toEqual(BASE);
    expect(planned.changes).toEqual([
      { kind: 'update', index: 0, id: 'item_support', from: { priceId: 'price_support', quantity: 1 }, to: { priceId: 'price_support', quantity: 2 } },
      { kind: 'remove', index: 1, id: 'item_sms', from: { priceId: 'price_sms', quantity: 100 } },
      { kind: 'add', index: 2, to: { priceId: 'price_storage', quantity: 1 } },
    ]);
    expect(planned.addOns.map((item) => [item.id, item.priceId, item.quantity])).toEqual([
      ['item_support', 'price_support', 2],
      [null, 'price_storage', 1],
    ]);
  });

  it('an entry that keeps its item as it is changes nothing (and so is never prorated)', () => {
    expect(planItemChanges(BASE, [SUPPORT], [{ id: 'item_support', quantity: 1 }]).changes).toEqual([]);
  });

  it('changes the base item through its id (the subscription id), or through the top-level priceId / quantity', () => {
    expect(planItemChanges(BASE, [], [{ id: 'sub_1', quantity: 5 }]).base).toEqual({ id: 'sub_1', priceId: 'price_base', quantity: 5 });
    expect(planItemChanges(BASE, [], [], { priceId: 'price_pro', quantity: 3 }).base).toEqual({ id: 'sub_1', priceId: 'price_pro', quantity: 3 });
    expect(fieldOf(() => planItemChanges(BASE, [], [{ id: 'sub_1', quantity: 5 }], { priceId: 'price_pro', quantity: 3 }))).toBe('items[0].id');
  });

  it('names the entry and field it refuses', () => {
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ id: 'sub_1', deleted: true }]))).toBe('items[0].deleted');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ quantity: 2 }]))).toBe('items[0].priceId');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ priceId: 'price_x', quantity: 0 }]))).toBe('items[0].quantity');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ id: 'item_unknown', quantity: 2 }]))).toBe('items[0].id');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ id: 'item_support', quantity: 2 }, { id: 'item_support', quantity: 3 }]))).toBe('items[1].id');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ priceId: 'price_x' }, { priceId: 'price_support' }]))).toBe('items[1].priceId');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ priceId: 'price_base' }]))).toBe('items[0].priceId');
    expect(fieldOf(() => planItemChanges(BASE, [SUPPORT], [{ id: 'item_support' }]))).toBe('items[0]');
    // the offset a create uses when items[0] is the base
    expect(fieldOf(() => planItemChanges(BASE, [], [{ priceId: 'price_x', quantity: -1 }], undefined, 1))).toBe('items[1].quantity');
  });

  it(`allows ${MAX_SUBSCRIPTION_ITEMS} items, the base included, and no more`, () => {
    const adds = (count: number) => Array.from({ length: count }, (_, n) => ({ priceId: `price_${n}` }));
    expect(planItemChanges(BASE, [], adds(MAX_SUBSCRIPTION_ITEMS - 1)).addOns).toHaveLength(MAX_SUBSCRIPTION_ITEMS - 1);
    expect(fieldOf(() => planItemChanges(BASE, [], adds(MAX_SUBSCRIPTION_ITEMS)))).toBe('items');
  });
});

describe('itemPriceProblem', () => {
  const base: ChangeablePrice = { id: 'b', currency: 'KES', unitAmount: 100n, interval: 'month', intervalCount: 1, subscribable: true };
  it('wants an active price in the same currency and cycle', () => {
    expect(itemPriceProblem(base, { ...base, id: 'a' })).toBeNull();
    expect(itemPriceProblem(base, { ...base, id: 'a', currency: 'NGN' })).toContain('NGN');
    expect(itemPriceProblem(base, { ...base, id: 'a', interval: 'year' })).toContain('billing cycle');
    expect(itemPriceProblem(base, { ...base, id: 'a', intervalCount: 3 })).toContain('billing cycle');
    expect(itemPriceProblem(base, { ...base, id: 'a', subscribable: false })).toContain('no longer active');
  });
});

describe('itemProrationItems: each item prorated on its own, to the second', () => {
  // A 30-day period, changed 10 days in: 20/30 of it remains.
  const period = { start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-05-01T00:00:00Z') };
  const at = new Date('2026-04-11T00:00:00.750Z');

  it('an add-on added mid-period: only the charge for the remaining time (3 × 1,500 = 4,500 × 2/3 = 3,000)', () => {
    expect(itemProrationItems('active', 'create_prorations', period, at, null, { priceId: 'addon', unitAmount: 1_500n, quantity: 3 })).toEqual([
      { kind: 'remaining_time', amount: 3_000n, priceId: 'addon', quantity: 3, periodStart: new Date('2026-04-11T00:00:00Z'), periodEnd: period.end },
    ]);
  });

  it('an add-on removed: only the credit for the unused time', () => {
    expect(itemProrationItems('active', 'always_invoice', period, at, { priceId: 'addon', unitAmount: 900n, quantity: 1 }, null)).toEqual([
      expect.objectContaining({ kind: 'unused_time', amount: -600n }),
    ]);
  });

  it('a tiered item changing quantity: credit and charge on the tiered amounts (periodAmount), not unitAmount × quantity', () => {
    const items = itemProrationItems('active', 'create_prorations', period, at, { priceId: 'seats', unitAmount: 0n, quantity: 5, periodAmount: 700_000n }, { priceId: 'seats', unitAmount: 0n, quantity: 12, periodAmount: 1_300_000n });
    expect(items.map((item) => [item.kind, item.amount])).toEqual([
      ['unused_time', -466_667n],
      ['remaining_time', 866_667n],
    ]);
  });

  it('prorates nothing during a trial or for none', () => {
    const to = { priceId: 'addon', unitAmount: 1_500n, quantity: 3 };
    expect(itemProrationItems('trialing', 'create_prorations', period, at, null, to)).toEqual([]);
    expect(itemProrationItems('active', 'none', period, at, null, to)).toEqual([]);
  });
});
