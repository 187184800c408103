import { DomainValidationError } from '../errors';
import { creditForUnusedTime, prorate } from './proration';

const DAY = 86_400_000;
const start = new Date('2024-04-01T00:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);
const thirtyDays = { start, end: at(30) };

describe('prorate', () => {
  it.each([
    // amount, used days of a 30-day period, rounding, expected
    [1000n, [0, 15], 'half-even', 500n], // half
    [1000n, [0, 10], 'half-even', 333n], // 333.33…
    [1000n, [10, 30], 'half-even', 667n], // 666.66…
    [1001n, [0, 10], 'half-even', 334n], // 333.66…
    [5n, [0, 15], 'half-even', 2n], // 2.5 → even 2
    [3n, [0, 15], 'half-even', 2n], // 1.5 → even 2
    [5n, [0, 15], 'half-up', 3n], // 2.5 → 3
    [1000n, [0, 10], 'ceil', 334n],
    [1000n, [10, 30], 'floor', 666n],
    [-1000n, [0, 10], 'half-even', -333n], // a credit prorates symmetrically
    [-5n, [0, 15], 'half-up', -3n],
    [1000n, [0, 30], 'half-even', 1000n], // the whole period
    [1000n, [7, 7], 'half-even', 0n], // an empty span
  ] as const)('%p over days %p (%s) → %p', (amount, [from, to], rounding, expected) => {
    expect(prorate(amount, thirtyDays, { start: at(from), end: at(to) }, rounding)).toBe(expected);
  });

  it('defaults to half-even', () => {
    expect(prorate(5n, thirtyDays, { start: at(0), end: at(15) })).toBe(2n);
  });

  it('uses the real length of the period: one day of a leap February is 1/29', () => {
    const february = { start: new Date('2024-02-01T00:00:00Z'), end: new Date('2024-03-01T00:00:00Z') };
    const lastDay = { start: new Date('2024-02-29T00:00:00Z'), end: february.end };
    expect(prorate(2900n, february, lastDay)).toBe(100n);
  });

  it('is exact to the millisecond', () => {
    // An amount equal to the period length in ms: each millisecond is worth exactly one minor unit.
    const amount = BigInt(30 * DAY);
    expect(prorate(amount, thirtyDays, { start: at(0), end: new Date(start.getTime() + 1) })).toBe(1n);
    expect(prorate(amount, thirtyDays, { start: at(1), end: at(30) })).toBe(amount - BigInt(DAY));
  });

  it('keeps every digit of amounts beyond 2^53', () => {
    const huge = 2n ** 64n + 2n;
    expect(prorate(huge, thirtyDays, { start: at(0), end: at(15) })).toBe(2n ** 63n + 1n);
    expect(prorate(3n * 10n ** 30n, thirtyDays, { start: at(0), end: at(10) })).toBe(10n ** 30n);
  });

  it('rejects spans outside the period, reversed spans, empty periods and bad dates with the field named', () => {
    expect(() => prorate(1000n, thirtyDays, { start: at(-1), end: at(5) })).toThrow('used: must lie within the period');
    expect(() => prorate(1000n, thirtyDays, { start: at(5), end: at(31) })).toThrow('used: must lie within the period');
    expect(() => prorate(1000n, thirtyDays, { start: at(5), end: at(4) })).toThrow('used: must not end before it starts');
    expect(() => prorate(1000n, { start, end: start }, { start, end: start })).toThrow('period: must end after it starts');
    expect(() => prorate(1000n, thirtyDays, { start: new Date('x'), end: at(4) })).toThrow('used.start: must be a valid Date');
    expect(() => prorate(1000 as unknown as bigint, thirtyDays, thirtyDays)).toThrow(DomainValidationError);
    expect(() => prorate(1000n, thirtyDays, thirtyDays, 'exact')).not.toThrow();
    expect(() => prorate(1000n, thirtyDays, { start: at(0), end: at(10) }, 'exact')).toThrow('not an integer');
  });
});

describe('creditForUnusedTime', () => {
  it('does not charge the hours of the start day before the subscription began (a cancel 12 s after subscribing)', () => {
    const march = { start: new Date('2026-03-15T00:00:00+03:00'), end: new Date('2026-04-15T00:00:00+03:00') }; // 31 days, Nairobi
    const subscribed = new Date('2026-03-15T23:00:00+03:00');
    const canceled = new Date(subscribed.getTime() + 12_000);
    // Charged 12 s of 31 days of 300,000: 1.34 → 1; without servedFrom the 23 hours before would be charged too.
    expect(creditForUnusedTime(300_000n, march, canceled, 'half-even', subscribed)).toBe(299_999n);
    expect(creditForUnusedTime(300_000n, march, canceled)).toBe(300_000n - 9_276n);
    // Service that began before the period (any later period) changes nothing.
    expect(creditForUnusedTime(300_000n, march, canceled, 'half-even', new Date('2026-02-01T00:00:00Z'))).toBe(300_000n - 9_276n);
  });


  it('credits the unused two thirds of a 30-day period of 1000 as 667', () => {
    expect(creditForUnusedTime(1000n, thirtyDays, at(10))).toBe(667n);
  });

  it('credits everything at the start and nothing at the end', () => {
    expect(creditForUnusedTime(1000n, thirtyDays, at(0))).toBe(1000n);
    expect(creditForUnusedTime(1000n, thirtyDays, at(30))).toBe(0n);
  });

  it('makes charge + credit equal the amount paid, even on a tie', () => {
    // 5 at the midpoint: the charge rounds 2.5 to 2 (half-even) and the credit takes the other 3.
    expect(prorate(5n, thirtyDays, { start, end: at(15) })).toBe(2n);
    expect(creditForUnusedTime(5n, thirtyDays, at(15))).toBe(3n);
    for (const amount of [1n, 5n, 7n, 999n, -1001n, 2n ** 70n + 3n]) {
      for (let day = 0; day <= 30; day += 1) {
        const charge = prorate(amount, thirtyDays, { start, end: at(day) });
        expect(charge + creditForUnusedTime(amount, thirtyDays, at(day))).toBe(amount);
      }
    }
  });

  it('rejects a change date outside the period', () => {
    expect(() => creditForUnusedTime(1000n, thirtyDays, at(31))).toThrow('at: must lie within the period');
    expect(() => creditForUnusedTime(1000n, thirtyDays, new Date(Number.NaN))).toThrow('at: must be a valid Date');
  });
});
