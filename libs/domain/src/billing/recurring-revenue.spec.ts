import { monthlyRecurringAmount } from './recurring-revenue';

describe('monthlyRecurringAmount', () => {
  it('keeps monthly prices as they are, times the quantity', () => {
    expect(monthlyRecurringAmount(450_000n, 1, 'month', 1)).toBe(450_000n);
    expect(monthlyRecurringAmount(1_000n, 3, 'month', 1)).toBe(3_000n);
  });

  it('spreads longer intervals over their months', () => {
    expect(monthlyRecurringAmount(120_000n, 1, 'year', 1)).toBe(10_000n);
    expect(monthlyRecurringAmount(90_000n, 1, 'month', 3)).toBe(30_000n); // quarterly
    expect(monthlyRecurringAmount(240_000n, 1, 'year', 2)).toBe(10_000n);
  });

  it('converts weeks and days through the 365-day year, rounding half-even to minor units', () => {
    // 700 × 365 / 84 = 3,041.666… → 3,042
    expect(monthlyRecurringAmount(700n, 1, 'week', 1)).toBe(3_042n);
    // 100 × 365 / 12 = 3,041.666… → 3,042; every 2 days: 1,520.83… → 1,521
    expect(monthlyRecurringAmount(100n, 1, 'day', 1)).toBe(3_042n);
    expect(monthlyRecurringAmount(100n, 1, 'day', 2)).toBe(1_521n);
    // 12 × 1 / 12 × … exact halves go to the even neighbour: 6 / 12 = 0.5 → 0
    expect(monthlyRecurringAmount(6n, 1, 'year', 1)).toBe(0n);
    expect(monthlyRecurringAmount(18n, 1, 'year', 1)).toBe(2n);
  });

  it('handles zero-decimal currencies and huge amounts exactly', () => {
    expect(monthlyRecurringAmount(12_000_000_000_000_000_000n, 1, 'year', 1)).toBe(1_000_000_000_000_000_000n);
  });

  it('rejects bad input with the field name', () => {
    expect(() => monthlyRecurringAmount(100n, -1, 'month', 1)).toThrow(/quantity/);
    expect(() => monthlyRecurringAmount(100n, 1, 'month', 0)).toThrow(/intervalCount/);
    expect(() => monthlyRecurringAmount(100n, 1, 'fortnight' as never, 1)).toThrow(/interval/);
  });
});
