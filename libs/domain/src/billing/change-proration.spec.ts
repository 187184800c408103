import { prorateChange } from './change-proration';

const utc = (iso: string) => new Date(iso);

describe('prorateChange (worked examples)', () => {
  it('upgrade half-way through a 30-day April: credit half the old price, charge half the new', () => {
    const april = { start: utc('2024-04-01T00:00:00Z'), end: utc('2024-05-01T00:00:00Z') };
    const result = prorateChange(april, utc('2024-04-16T00:00:00Z'), { unitAmount: 1000n, quantity: 1 }, { unitAmount: 3000n, quantity: 1 });
    expect(result).toEqual({ credit: -500n, charge: 1500n, net: 1000n });
  });

  it('downgrade after 10 of 30 days nets a credit for the customer balance', () => {
    const april = { start: utc('2024-04-01T00:00:00Z'), end: utc('2024-05-01T00:00:00Z') };
    // 3000 × 20/30 = 2000; 1000 × 20/30 = 666.67 → 667
    const result = prorateChange(april, utc('2024-04-11T00:00:00Z'), { unitAmount: 3000n, quantity: 1 }, { unitAmount: 1000n, quantity: 1 });
    expect(result).toEqual({ credit: -2000n, charge: 667n, net: -1333n });
  });

  it('quantity change 2 → 5 across the leap-day month end: Jan 31 → Feb 29 2024 is 29 days', () => {
    const period = { start: utc('2024-01-31T00:00:00Z'), end: utc('2024-02-29T00:00:00Z') };
    // 14 of 29 days remain: 2000 × 14/29 = 965.52 → 966; 5000 × 14/29 = 2413.79 → 2414
    const result = prorateChange(period, utc('2024-02-15T00:00:00Z'), { unitAmount: 1000n, quantity: 2 }, { unitAmount: 1000n, quantity: 5 });
    expect(result).toEqual({ credit: -966n, charge: 2414n, net: 1448n });
  });

  it('across a common-year month end: Jan 31 → Feb 28 2023 is 28 days', () => {
    const period = { start: utc('2023-01-31T00:00:00Z'), end: utc('2023-02-28T00:00:00Z') };
    const result = prorateChange(period, utc('2023-02-14T00:00:00Z'), { unitAmount: 2800n, quantity: 1 }, { unitAmount: 5600n, quantity: 1 });
    expect(result).toEqual({ credit: -1400n, charge: 2800n, net: 1400n });
  });

  it('is exact to the second: 12 seconds into a 30-day period credits all but 12 seconds', () => {
    const start = utc('2024-04-01T00:00:00Z');
    const period = { start, end: utc('2024-05-01T00:00:00Z') };
    const perSecond = { unitAmount: 2_592_000n, quantity: 1 }; // 30 days in seconds: one minor unit per second
    const result = prorateChange(period, new Date(start.getTime() + 12_000), perSecond, { unitAmount: 0n, quantity: 1 });
    expect(result).toEqual({ credit: -2_591_988n, charge: 0n, net: -2_591_988n });
  });

  it('a change at the period start swaps whole periods; at the end it prorates nothing', () => {
    const period = { start: utc('2024-04-01T00:00:00Z'), end: utc('2024-05-01T00:00:00Z') };
    const from = { unitAmount: 1000n, quantity: 1 };
    const to = { unitAmount: 3000n, quantity: 1 };
    expect(prorateChange(period, period.start, from, to)).toEqual({ credit: -1000n, charge: 3000n, net: 2000n });
    expect(prorateChange(period, period.end, from, to)).toEqual({ credit: 0n, charge: 0n, net: 0n });
  });

  it('refuses a non-positive quantity and a change outside the period, naming the field', () => {
    const period = { start: utc('2024-04-01T00:00:00Z'), end: utc('2024-05-01T00:00:00Z') };
    const ok = { unitAmount: 1000n, quantity: 1 };
    expect(() => prorateChange(period, period.start, ok, { unitAmount: 1000n, quantity: 0 })).toThrow('to.quantity');
    expect(() => prorateChange(period, utc('2024-05-02T00:00:00Z'), ok, ok)).toThrow('at: must lie within the period');
  });
});
