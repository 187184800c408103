import { DomainValidationError } from '../errors';
import { anchoredSchedule, prorateStub } from './billing-anchor';
import { periodAt } from './period';
import { formatLocalDate, instantAt } from './time-zone';

const iso = (date: Date) => date.toISOString();
const midnight = (year: number, month: number, day: number, zone: string) => instantAt({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, zone);

describe('anchoredSchedule', () => {
  it('anchor day 1 in Kolkata, started 11 Mar 2026 00:00 IST: stub to 1 Apr, prorated against March', () => {
    const start = midnight(2026, 3, 11, 'Asia/Kolkata');
    const schedule = anchoredSchedule(start, 'month', 1, 'Asia/Kolkata', { anchorDay: 1 });
    expect(iso(schedule.billingAnchor)).toBe('2026-03-31T18:30:00.000Z'); // 1 Apr 00:00 IST
    expect(schedule.anchorDay).toBe(1);
    expect(schedule.stub).toEqual({ start, end: schedule.billingAnchor });
    expect(iso(schedule.fullPeriod!.start)).toBe('2026-02-28T18:30:00.000Z'); // 1 Mar 00:00 IST
    // 21 of March's 31 days: 3100 × 21/31 = 2100.
    expect(prorateStub(3100n, schedule.fullPeriod!, schedule.stub!)).toBe(2100n);
  });

  it('anchor day 31 started in February: first regular period on 28 Feb, then 31 Mar, 30 Apr', () => {
    const start = new Date('2026-02-10T09:00:00Z');
    const schedule = anchoredSchedule(start, 'month', 1, 'Africa/Nairobi', { anchorDay: 31 });
    expect(formatLocalDate(schedule.billingAnchor, 'Africa/Nairobi')).toBe('2026-02-28');
    const zone = { timeZone: 'Africa/Nairobi', anchorDay: 31 };
    expect([0, 1, 2].map((i) => formatLocalDate(periodAt(schedule.billingAnchor, 'month', 1, i, zone).end, 'Africa/Nairobi'))).toEqual(['2026-03-31', '2026-04-30', '2026-05-31']);
    // The full period before the anchor is 31 Jan → 28 Feb (28 days).
    expect(formatLocalDate(schedule.fullPeriod!.start, 'Africa/Nairobi')).toBe('2026-01-31');
  });

  it('leap year: anchor day 30 started 15 Feb 2028 anchors on 29 Feb', () => {
    const schedule = anchoredSchedule(new Date('2028-02-15T00:00:00Z'), 'month', 1, 'UTC', { anchorDay: 30 });
    expect(iso(schedule.billingAnchor)).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(periodAt(schedule.billingAnchor, 'month', 1, 1, { timeZone: 'UTC', anchorDay: 30 }).start)).toBe('2028-03-30T00:00:00.000Z');
  });

  it('a start exactly on the anchor has no stub', () => {
    const start = midnight(2026, 5, 1, 'Asia/Kolkata');
    expect(anchoredSchedule(start, 'month', 1, 'Asia/Kolkata', { anchorDay: 1 })).toEqual({ billingAnchor: start, anchorDay: 1, stub: null, fullPeriod: null });
  });

  it('an anchor timestamp within the first period; its local day becomes the anchor day', () => {
    const start = new Date('2026-03-10T00:00:00Z');
    const schedule = anchoredSchedule(start, 'month', 1, 'Asia/Kolkata', { anchor: new Date('2026-03-24T18:30:00Z') });
    expect(schedule.anchorDay).toBe(25);
    expect(schedule.stub!.end).toEqual(new Date('2026-03-24T18:30:00Z'));
    const weekly = anchoredSchedule(start, 'week', 1, 'UTC', { anchor: new Date('2026-03-13T00:00:00Z') });
    expect(weekly.anchorDay).toBeNull();
    expect(iso(weekly.fullPeriod!.start)).toBe('2026-03-06T00:00:00.000Z');
  });

  it('names the field at fault', () => {
    const start = new Date('2026-03-10T00:00:00Z');
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainValidationError);
        return (error as DomainValidationError).field;
      }
      throw new Error('did not throw');
    };
    expect(fieldOf(() => anchoredSchedule(start, 'month', 1, 'UTC', { anchorDay: 0 }))).toBe('billingCycleAnchorDay');
    expect(fieldOf(() => anchoredSchedule(start, 'month', 1, 'UTC', { anchorDay: 1.5 }))).toBe('billingCycleAnchorDay');
    expect(fieldOf(() => anchoredSchedule(start, 'week', 1, 'UTC', { anchorDay: 3 }))).toBe('billingCycleAnchorDay');
    expect(fieldOf(() => anchoredSchedule(start, 'month', 1, 'UTC', { anchor: new Date('2026-03-09T00:00:00Z') }))).toBe('billingCycleAnchor');
    expect(fieldOf(() => anchoredSchedule(start, 'month', 1, 'UTC', { anchor: new Date('2026-04-10T00:00:01Z') }))).toBe('billingCycleAnchor');
    expect(fieldOf(() => anchoredSchedule(start, 'month', 1, 'UTC', { anchorDay: 3, anchor: start }))).toBe('billingCycleAnchor');
  });
});

describe('prorateStub', () => {
  it('prorates to the second, half-even', () => {
    const full = { start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-05-01T00:00:00Z') }; // 30 days
    expect(prorateStub(3000n, full, { start: new Date('2026-04-21T00:00:00Z'), end: full.end })).toBe(1000n);
    // Milliseconds do not count: 0.999 s short of 10 days is still 10 days minus one second.
    expect(prorateStub(2_592_000n, full, { start: new Date('2026-04-21T00:00:00.001Z'), end: full.end })).toBe(863_999n);
    expect(prorateStub(5n, full, { start: new Date('2026-04-16T00:00:00Z'), end: full.end })).toBe(2n); // 2.5 → 2
    expect(prorateStub(3000n, full, full)).toBe(3000n);
    expect(() => prorateStub(3000n, full, { start: new Date('2026-03-01T00:00:00Z'), end: full.end })).toThrow(DomainValidationError);
  });
});
