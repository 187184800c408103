import { type PriceScheme, type PriceTier, normalizeTiers, priceAmount, priceChargeLines, tierCharges, tieredAmount, tiersProblem } from './tiers';

// Seats sold in KES cents: 1–5 at 1,000.00, 6–10 at 800.00, 11+ at 500.00; a platform fee of
// 2,000.00 comes with the first tier, 1,000.00 more when the second is reached.
const SEATS: PriceTier[] = [
  { upTo: 5, unitAmount: 100_000n, flatAmount: 200_000n },
  { upTo: 10, unitAmount: 80_000n, flatAmount: 100_000n },
  { upTo: null, unitAmount: 50_000n, flatAmount: 0n },
];

describe('graduated tiers: each tier bills the units in it, and its flat amount once reached', () => {
  it('12 seats: 5 × 1,000 + 2,000, then 5 × 800 + 1,000, then 2 × 500', () => {
    expect(tierCharges(12, SEATS, 'graduated')).toEqual([
      { tier: 0, firstUnit: 1, lastUnit: 5, quantity: 5, unitAmount: 100_000n, flatAmount: 200_000n, amount: 700_000n },
      { tier: 1, firstUnit: 6, lastUnit: 10, quantity: 5, unitAmount: 80_000n, flatAmount: 100_000n, amount: 500_000n },
      { tier: 2, firstUnit: 11, lastUnit: 12, quantity: 2, unitAmount: 50_000n, flatAmount: 0n, amount: 100_000n },
    ]);
    expect(tieredAmount(12, SEATS, 'graduated')).toBe(1_300_000n);
  });

  it('stops at the tier the quantity ends in: a tier not reached adds neither units nor its flat amount', () => {
    expect(tierCharges(5, SEATS, 'graduated')).toHaveLength(1);
    expect(tieredAmount(5, SEATS, 'graduated')).toBe(700_000n);
    expect(tieredAmount(6, SEATS, 'graduated')).toBe(700_000n + 80_000n + 100_000n);
    expect(tieredAmount(1, SEATS, 'graduated')).toBe(300_000n);
  });
});

describe('volume tiers: the whole quantity at the tier it falls in', () => {
  it('12 seats all at 500 (no flat amount on that tier); 10 seats all at 800 + 1,000; 5 at 1,000 + 2,000', () => {
    expect(tierCharges(12, SEATS, 'volume')).toEqual([{ tier: 2, firstUnit: 1, lastUnit: 12, quantity: 12, unitAmount: 50_000n, flatAmount: 0n, amount: 600_000n }]);
    expect(tieredAmount(10, SEATS, 'volume')).toBe(900_000n);
    expect(tieredAmount(5, SEATS, 'volume')).toBe(700_000n);
  });

  it('is cheaper past a bound than just below it, as volume pricing is meant to be', () => {
    expect(tieredAmount(11, SEATS, 'volume')).toBeLessThan(tieredAmount(10, SEATS, 'volume'));
  });
});

describe('tiersProblem', () => {
  it('accepts ascending bounds with an open last tier', () => {
    expect(tiersProblem(SEATS)).toBeNull();
    expect(tiersProblem([{ upTo: 1, unitAmount: 0 }, { upTo: null, unitAmount: 10 }])).toBeNull();
  });

  it('names the tier and field it refuses', () => {
    expect(tiersProblem([{ upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers' });
    expect(tiersProblem([{ upTo: 5, unitAmount: 1 }, { upTo: 10, unitAmount: 1 }])).toMatchObject({ field: 'tiers[1].upTo' });
    expect(tiersProblem([{ upTo: 5, unitAmount: 1 }, { upTo: 5, unitAmount: 1 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[1].upTo', message: expect.stringContaining('more than 5') });
    expect(tiersProblem([{ upTo: null, unitAmount: 1 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].upTo' });
    expect(tiersProblem([{ upTo: 2.5, unitAmount: 1 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].upTo' });
    expect(tiersProblem([{ upTo: 5, unitAmount: -1 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].unitAmount' });
    expect(tiersProblem([{ upTo: 5, unitAmount: 1, flatAmount: 0.5 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].flatAmount' });
    expect(tiersProblem(Array.from({ length: 26 }, (_, n) => ({ upTo: n === 25 ? null : n + 1, unitAmount: 1 })))).toMatchObject({ field: 'tiers', message: 'at most 25 tiers' });
  });
});

it('bills nothing for a quantity of 0 (no tier reached, no flat amount) and refuses a negative or fractional one', () => {
  expect(tierCharges(0, SEATS, 'graduated')).toEqual([]);
  expect(tieredAmount(0, SEATS, 'volume')).toBe(0n);
  expect(() => tierCharges(-1, SEATS, 'graduated')).toThrow(RangeError);
  expect(() => tierCharges(1.5, SEATS, 'volume')).toThrow(RangeError);
});

describe('boundary quantities: a bound belongs to its own tier', () => {
  it('graduated: 10 seats stop in tier 2, 11 reach tier 3', () => {
    expect(tierCharges(10, SEATS, 'graduated').map((charge) => charge.tier)).toEqual([0, 1]);
    expect(tieredAmount(10, SEATS, 'graduated')).toBe(700_000n + 500_000n);
    expect(tierCharges(11, SEATS, 'graduated').map((charge) => charge.tier)).toEqual([0, 1, 2]);
    expect(tieredAmount(11, SEATS, 'graduated')).toBe(1_200_000n + 50_000n);
  });

  it('volume: 5 seats at tier 1, 6 at tier 2 (6 × 800 + 1,000 = 5,800)', () => {
    expect(tierCharges(5, SEATS, 'volume')[0]!.tier).toBe(0);
    expect(tierCharges(6, SEATS, 'volume')).toEqual([{ tier: 1, firstUnit: 1, lastUnit: 6, quantity: 6, unitAmount: 80_000n, flatAmount: 100_000n, amount: 580_000n }]);
  });
});

describe('priceAmount and priceChargeLines: what an invoice shows', () => {
  const graduated: PriceScheme = { unitAmount: 0n, billingScheme: 'tiered', tiersMode: 'graduated', tiers: SEATS };
  const volume: PriceScheme = { ...graduated, tiersMode: 'volume' };
  const perUnit: PriceScheme = { unitAmount: 2_500n, billingScheme: 'per_unit', tiersMode: null, tiers: null };

  it('a per-unit price is unitAmount × quantity on one line', () => {
    expect(priceAmount(perUnit, 3)).toBe(7_500n);
    expect(priceChargeLines(perUnit, 3)).toEqual([{ tier: null, kind: 'units', quantity: 3, unitAmount: 2_500n, label: '' }]);
  });

  it('graduated, 12 seats: a line per tier reached and one per flat amount, adding up to the tiered amount', () => {
    const lines = priceChargeLines(graduated, 12);
    expect(lines.map((line) => [line.label, line.quantity, line.unitAmount])).toEqual([
      ['tier 1: units 1–5', 5, 100_000n],
      ['tier 1: flat fee', 1, 200_000n],
      ['tier 2: units 6–10', 5, 80_000n],
      ['tier 2: flat fee', 1, 100_000n],
      ['tier 3: units 11–12', 2, 50_000n],
    ]);
    expect(lines.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitAmount, 0n)).toBe(priceAmount(graduated, 12));
    expect(priceAmount(graduated, 12)).toBe(1_300_000n);
  });

  it('volume, 7 seats: one line of 7 at the second tier, and its flat fee', () => {
    expect(priceChargeLines(volume, 7).map((line) => [line.label, line.quantity, line.unitAmount])).toEqual([
      ['tier 2: 7 units', 7, 80_000n],
      ['tier 2: flat fee', 1, 100_000n],
    ]);
    expect(priceAmount(volume, 7)).toBe(660_000n);
  });

  it("normalizeTiers takes Stripe's 'inf' and missing amounts as 0", () => {
    expect(tiersProblem([{ upTo: 10, unitAmount: 100 }, { upTo: 'inf', flatAmount: 5 }])).toBeNull();
    expect(normalizeTiers([{ upTo: 10, unitAmount: 100 }, { upTo: 'inf', flatAmount: 5 }])).toEqual([
      { upTo: 10, unitAmount: 100n, flatAmount: 0n },
      { upTo: null, unitAmount: 0n, flatAmount: 5n },
    ]);
    expect(tiersProblem([{ upTo: 'lots', unitAmount: 1 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].upTo' });
    expect(tiersProblem([{ upTo: 3 }, { upTo: null, unitAmount: 1 }])).toMatchObject({ field: 'tiers[0].unitAmount' });
    expect(tiersProblem('tiers')).toMatchObject({ field: 'tiers' });
    expect(tiersProblem([{ upTo: 3, unitAmount: 1 }, 7])).toMatchObject({ field: 'tiers[1]' });
  });
});
