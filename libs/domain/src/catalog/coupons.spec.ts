import { couponDiscountsAtFinalization, couponProblem, couponRedemptionRefusal, discountAmount, discountApplies, discountDescription, discountEnd, followCouponDiscounts, percentToBasisPoints } from './coupons';

const AT = new Date('2026-01-31T00:00:00Z');

describe('discountAmount', () => {
  it('a percentage of the subtotal, rounded half up once: 12.5 % of 999.99 is 125.00 (124.99875)', () => {
    expect(discountAmount(99_999n, { percentOffBasisPoints: 1_250 })).toBe(12_500n);
    expect(discountAmount(10_001n, { percentOffBasisPoints: 5_000 })).toBe(5_001n); // 5,000.5 rounds up
    expect(discountAmount(1n, { percentOffBasisPoints: 100 })).toBe(0n); // 0.01 of a cent
  });

  it('an amount off never takes more than the subtotal, and nothing off nothing', () => {
    expect(discountAmount(300_000n, { amountOff: 50_000n, currency: 'KES' })).toBe(50_000n);
    expect(discountAmount(30_000n, { amountOff: 50_000n, currency: 'KES' })).toBe(30_000n);
    expect(discountAmount(0n, { percentOffBasisPoints: 10_000 })).toBe(0n);
    expect(discountAmount(-500n, { amountOff: 100n, currency: 'KES' })).toBe(0n);
    expect(discountAmount(77_777n, { percentOffBasisPoints: 10_000 })).toBe(77_777n);
  });
});

describe('how long a discount lasts', () => {
  const start = new Date('2026-01-31T10:00:00Z');
  it('once: the first invoice only', () => {
    expect(discountApplies({ duration: 'once', durationInMonths: null, start, invoicesDiscounted: 0 }, start)).toBe(true);
    expect(discountApplies({ duration: 'once', durationInMonths: null, start, invoicesDiscounted: 1 }, start)).toBe(false);
  });

  it('repeating 3 months from 31 January: periods starting before 30 April (month ends clamp)', () => {
    expect(discountEnd('repeating', 3, start)).toEqual(new Date('2026-04-30T10:00:00Z'));
    const discount = { duration: 'repeating' as const, durationInMonths: 3, start, invoicesDiscounted: 3 };
    expect(discountApplies(discount, new Date('2026-03-31T10:00:00Z'))).toBe(true);
    expect(discountApplies(discount, new Date('2026-04-30T10:00:00Z'))).toBe(false);
  });

  it('forever: every invoice', () => {
    expect(discountEnd('forever', null, start)).toBeNull();
    expect(discountApplies({ duration: 'forever', durationInMonths: null, start, invoicesDiscounted: 500 }, new Date('2036-01-01'))).toBe(true);
  });
});

describe('couponProblem', () => {
  const valid = { code: 'WELCOME20', percentOff: 20, duration: 'repeating', durationInMonths: 3 };
  it('accepts a percentage or an amount in a currency', () => {
    expect(couponProblem(valid, AT)).toBeNull();
    expect(couponProblem({ code: 'FLAT500', amountOff: 50_000, currency: 'KES', duration: 'once', maxRedemptions: 100, redeemBy: new Date('2026-06-30') }, AT)).toBeNull();
    expect(percentToBasisPoints(12.5)).toBe(1_250);
    expect(percentToBasisPoints(33.33)).toBe(3_333);
  });

  it('names the field it refuses', () => {
    const field = (input: object) => couponProblem({ ...valid, ...input }, AT)?.field;
    expect(field({ code: 'no spaces' })).toBe('code');
    expect(field({ amountOff: 100, currency: 'KES' })).toBe('amountOff');
    expect(field({ percentOff: undefined })).toBe('percentOff');
    expect(field({ percentOff: 0 })).toBe('percentOff');
    expect(field({ percentOff: 100.5 })).toBe('percentOff');
    expect(field({ percentOff: 12.345 })).toBe('percentOff');
    expect(field({ percentOff: undefined, amountOff: 100 })).toBe('currency');
    expect(field({ percentOff: undefined, amountOff: 1.5, currency: 'KES' })).toBe('amountOff');
    expect(field({ currency: 'KES' })).toBe('currency');
    expect(field({ duration: 'weekly' })).toBe('duration');
    expect(field({ durationInMonths: 0 })).toBe('durationInMonths');
    expect(field({ durationInMonths: 37 })).toBe('durationInMonths');
    expect(field({ duration: 'forever' })).toBe('durationInMonths');
    expect(field({ maxRedemptions: 0 })).toBe('maxRedemptions');
    expect(field({ redeemBy: new Date('2026-01-01') })).toBe('redeemBy');
  });
});

describe('couponRedemptionRefusal', () => {
  const coupon = { active: true, timesRedeemed: 2, maxRedemptions: 3, redeemBy: new Date('2026-02-01T00:00:00Z'), currency: 'KES' };
  it('a live coupon in the right currency can be redeemed', () => {
    expect(couponRedemptionRefusal(coupon, 'KES', AT)).toBeNull();
  });
  it('refuses archived, expired, used-up and wrong-currency redemptions, saying which', () => {
    expect(couponRedemptionRefusal({ ...coupon, active: false }, 'KES', AT)).toContain('archived');
    expect(couponRedemptionRefusal(coupon, 'KES', new Date('2026-02-01T00:00:00Z'))).toContain('expired');
    expect(couponRedemptionRefusal({ ...coupon, timesRedeemed: 3 }, 'KES', AT)).toContain('limit');
    expect(couponRedemptionRefusal(coupon, 'NGN', AT)).toContain('takes KES off');
    expect(couponRedemptionRefusal({ ...coupon, currency: null }, 'NGN', AT)).toBeNull();
  });
});

it('discountDescription names the code and what it takes off', () => {
  expect(discountDescription('WELCOME20', { percentOffBasisPoints: 2_000 })).toBe('WELCOME20 (20% off)');
  expect(discountDescription('HALF', { percentOffBasisPoints: 1_250 })).toBe('HALF (12.5% off)');
  expect(discountDescription('FLAT', { amountOff: 50_000n, currency: 'KES' })).toBe('FLAT (KES 500.00 off)');
});

describe("a draft's coupon discounts follow its lines", () => {
  const line = (unitAmount: bigint, quantity = 1) => ({ description: 'Seats', quantity, unitAmount });
  const percent = (basisPoints: number, discountId = 'd-percent') => ({ description: 'LAUNCH15 (15% off)', quantity: 1, unitAmount: 0n, coupon: { discountId, value: { percentOffBasisPoints: basisPoints } } });
  const amountOff = (amount: bigint) => ({ description: 'KES 50 off', quantity: 1, unitAmount: 0n, coupon: { discountId: 'd-amount', value: { amountOff: amount, currency: 'KES' } } });
  const amounts = (lines: { unitAmount: bigint }[]) => lines.map((entry) => entry.unitAmount);

  it('recomputes a percentage over the current lines, rounded half up as at issuance', () => {
    // 15 % of 13,333 is 1,999.95: 2,000. With the 3,333 line removed, 15 % of 10,000.
    expect(amounts(followCouponDiscounts([line(10_000n), line(3_333n), percent(1_500)]))).toEqual([10_000n, 3_333n, -2_000n]);
    expect(amounts(followCouponDiscounts([line(10_000n), percent(1_500)]))).toEqual([10_000n, -1_500n]);
    // Quantities count: 3 × 999 = 2,997; 12.5 % = 374.625 → 375.
    expect(amounts(followCouponDiscounts([line(999n, 3), percent(1_250)]))).toEqual([999n, -375n]); // unit amounts: the seats line is 3 × 999
  });

  it('caps an amount off at the new subtotal, and gives it back in full when the lines grow again', () => {
    expect(amounts(followCouponDiscounts([line(3_000n), amountOff(5_000n)]))).toEqual([3_000n, -3_000n]);
    expect(amounts(followCouponDiscounts([line(3_000n), line(5_000n), amountOff(5_000n)]))).toEqual([3_000n, 5_000n, -5_000n]);
  });

  it('puts the discount lines last, each coupon on what the ones before left, and never below zero', () => {
    const lines = followCouponDiscounts([line(4_000n), percent(5_000), line(6_000n), amountOff(6_000n)]);
    expect(lines.map((entry) => [entry.description, entry.unitAmount])).toEqual([
      ['Seats', 4_000n],
      ['Seats', 6_000n],
      ['LAUNCH15 (15% off)', -5_000n],
      ['KES 50 off', -5_000n],
    ]);
    // A credit line bigger than the charges (a proration credit): nothing to discount.
    expect(amounts(followCouponDiscounts([line(1_000n), line(-3_000n), percent(1_500)]))).toEqual([1_000n, -3_000n, 0n]);
  });

  it('keeps a discount taking nothing off on the draft, and leaves it off the finalized invoice', () => {
    expect(followCouponDiscounts([line(-500n), amountOff(5_000n)])).toHaveLength(2);
    expect(amounts(couponDiscountsAtFinalization([line(-500n), amountOff(5_000n)]))).toEqual([-500n]);
    expect(amounts(couponDiscountsAtFinalization([line(8_000n), percent(1_500)]))).toEqual([8_000n, -1_200n]);
  });

  it('leaves lines without a coupon as they are (hand-written discounts included)', () => {
    const lines = [line(8_000n), { description: 'Goodwill', quantity: 1, unitAmount: -1_000n }];
    expect(followCouponDiscounts(lines)).toEqual(lines);
    // A coupon discounts what is left after a hand-written discount.
    expect(amounts(followCouponDiscounts([...lines, percent(1_000)]))).toEqual([8_000n, -1_000n, -700n]);
  });
});
