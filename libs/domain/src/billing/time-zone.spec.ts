import { DomainValidationError } from '../errors';
import { addInterval, periodContaining } from './period';
import {
  addLocalDays,
  addLocalMonths,
  canonicalTimeZone,
  formatLocalDate,
  instantAt,
  localDateTime,
  localMonthKey,
  nextAnchorDayMidnight,
  startOfLocalDay,
  timeZoneProblem,
  utcOffsetMs,
} from './time-zone';

const at = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();
const midnight = (year: number, month: number, day: number) => ({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });

describe('time zone names', () => {
  it('accepts IANA names, canonicalises their case, refuses offsets and nonsense', () => {
    expect(canonicalTimeZone('Africa/Nairobi')).toBe('Africa/Nairobi');
    expect(canonicalTimeZone('africa/nairobi')).toBe('Africa/Nairobi');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    for (const bad of ['Mars/Olympus', '+05:30', '', 'Asia/Kolkata; DROP', 42, null, 'x'.repeat(80)]) {
      expect(canonicalTimeZone(bad)).toBeNull();
      expect(timeZoneProblem(bad)).toMatch(/IANA time zone/);
    }
    expect(timeZoneProblem('Europe/London')).toBeNull();
  });
});

describe('local midnight', () => {
  it('Kolkata (+05:30, no DST): local midnight of 1 March 2026 is 18:30 UTC the day before', () => {
    expect(iso(instantAt(midnight(2026, 3, 1), 'Asia/Kolkata'))).toBe('2026-02-28T18:30:00.000Z');
    expect(iso(startOfLocalDay(at('2026-03-01T18:29:59Z'), 'Asia/Kolkata'))).toBe('2026-02-28T18:30:00.000Z');
    expect(iso(startOfLocalDay(at('2026-03-01T18:30:00Z'), 'Asia/Kolkata'))).toBe('2026-03-01T18:30:00.000Z');
    expect(utcOffsetMs(at('2026-07-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000);
  });

  it('Nairobi (+03:00): 22:00 UTC on 31 Jan is already 1 Feb locally', () => {
    expect(localDateTime(at('2026-01-31T22:00:00Z'), 'Africa/Nairobi')).toMatchObject({ year: 2026, month: 2, day: 1, hour: 1 });
    expect(iso(startOfLocalDay(at('2026-01-31T22:00:00Z'), 'Africa/Nairobi'))).toBe('2026-01-31T21:00:00.000Z');
    expect(localMonthKey(at('2026-01-31T22:00:00Z'), 'Africa/Nairobi')).toBe('2026-02');
    expect(localMonthKey(at('2026-01-31T22:00:00Z'), 'UTC')).toBe('2026-01');
    expect(formatLocalDate(at('2026-01-31T22:00:00Z'), 'Africa/Nairobi')).toBe('2026-02-01');
  });

  it('London: midnight is 00:00 UTC in winter and 23:00 UTC the day before in summer', () => {
    expect(iso(instantAt(midnight(2026, 3, 29), 'Europe/London'))).toBe('2026-03-29T00:00:00.000Z'); // BST starts at 01:00 UTC that day
    expect(iso(instantAt(midnight(2026, 3, 30), 'Europe/London'))).toBe('2026-03-29T23:00:00.000Z');
    expect(iso(instantAt(midnight(2026, 10, 26), 'Europe/London'))).toBe('2026-10-26T00:00:00.000Z');
  });

  it('a wall time in the spring-forward gap moves forward; one in the autumn fold is its first occurrence', () => {
    // New York, 8 March 2026: 02:00 EST → 03:00 EDT, so 02:30 never happens.
    expect(iso(instantAt({ ...midnight(2026, 3, 8), hour: 2, minute: 30 }, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    // 1 November 2026: 01:30 happens twice (EDT, then EST); the first is 05:30 UTC.
    expect(iso(instantAt({ ...midnight(2026, 11, 1), hour: 1, minute: 30 }, 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('local days and months', () => {
  it('a local day across a DST change is 23 or 25 hours, and midnight stays midnight', () => {
    const beforeSpring = instantAt(midnight(2026, 3, 28), 'Europe/London');
    expect(iso(addLocalDays(beforeSpring, 1, 'Europe/London'))).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(addLocalDays(beforeSpring, 2, 'Europe/London'))).toBe('2026-03-29T23:00:00.000Z'); // 23-hour day
    const beforeAutumn = instantAt(midnight(2026, 10, 25), 'Europe/London');
    expect(addLocalDays(beforeAutumn, 1, 'Europe/London').getTime() - beforeAutumn.getTime()).toBe(25 * 3_600_000);
  });

  it('months clamp to the anchor day without drift: 31 Jan → 28 Feb → 31 Mar → 30 Apr (Kolkata midnight)', () => {
    const anchor = instantAt(midnight(2026, 1, 31), 'Asia/Kolkata');
    expect([1, 2, 3].map((n) => iso(addLocalMonths(anchor, n, 'Asia/Kolkata')))).toEqual([
      '2026-02-27T18:30:00.000Z', // 28 Feb 00:00 IST
      '2026-03-30T18:30:00.000Z', // 31 Mar 00:00 IST, back to the 31st
      '2026-04-29T18:30:00.000Z', // 30 Apr 00:00 IST
    ]);
  });

  it('an anchor day beyond the anchor itself: first regular period on 28 Feb, anchored to the 31st, goes on to 31 Mar', () => {
    const feb28 = instantAt(midnight(2026, 2, 28), 'Africa/Nairobi');
    expect(formatLocalDate(addLocalMonths(feb28, 1, 'Africa/Nairobi', 31), 'Africa/Nairobi')).toBe('2026-03-31');
    expect(formatLocalDate(addLocalMonths(feb28, 1, 'Africa/Nairobi'), 'Africa/Nairobi')).toBe('2026-03-28');
  });

  it('leap day: 29 Feb 2028 monthly → 29 Mar; yearly → 28 Feb 2029 and 29 Feb 2032', () => {
    const leap = instantAt(midnight(2028, 2, 29), 'Asia/Kolkata');
    expect(formatLocalDate(addLocalMonths(leap, 1, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2028-03-29');
    expect(formatLocalDate(addLocalMonths(leap, 12, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2029-02-28');
    expect(formatLocalDate(addLocalMonths(leap, 48, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2032-02-29');
  });

  it('monthly periods at London midnight stay at local midnight through the DST change (UTC hour moves 00 → 23)', () => {
    const anchor = instantAt(midnight(2026, 1, 31), 'Europe/London');
    const boundaries = [0, 1, 2, 3].map((n) => iso(addInterval(anchor, 'month', 1, n, { timeZone: 'Europe/London' })));
    expect(boundaries).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-30T23:00:00.000Z', '2026-04-29T23:00:00.000Z']);
    // periodContaining finds them back, just before and at a boundary.
    expect(iso(periodContaining(anchor, 'month', 1, at('2026-03-30T22:59:59.999Z'), { timeZone: 'Europe/London' }).start)).toBe('2026-02-28T00:00:00.000Z');
    expect(periodContaining(anchor, 'month', 1, at('2026-03-30T23:00:00Z'), { timeZone: 'Europe/London' }).index).toBe(2);
  });

  it('weekly periods in New York keep local midnight across the March change', () => {
    const anchor = instantAt(midnight(2026, 3, 2), 'America/New_York'); // 05:00 UTC (EST)
    expect(iso(addInterval(anchor, 'week', 1, 1, { timeZone: 'America/New_York' }))).toBe('2026-03-09T04:00:00.000Z'); // EDT
    const period = periodContaining(anchor, 'week', 1, at('2026-03-09T04:30:00Z'), { timeZone: 'America/New_York' });
    expect(period.index).toBe(1);
  });

  it('without a zone, the schedule is the UTC one it always was', () => {
    const anchor = at('2026-01-31T10:00:00Z');
    for (const n of [1, 2, 13]) expect(addInterval(anchor, 'month', 1, n, { timeZone: 'UTC' })).toEqual(addInterval(anchor, 'month', 1, n));
  });

  it('refuses a bad zone or anchor day', () => {
    expect(() => addInterval(at('2026-01-01T00:00:00Z'), 'month', 1, 1, { timeZone: 'Nowhere/Land' })).toThrow(DomainValidationError);
    expect(() => addInterval(at('2026-01-01T00:00:00Z'), 'month', 1, 1, { anchorDay: 32 })).toThrow(DomainValidationError);
  });
});

describe('nextAnchorDayMidnight', () => {
  it('is the next local midnight on the day, clamped in short months', () => {
    expect(iso(nextAnchorDayMidnight(at('2026-01-10T12:00:00Z'), 15, 'Asia/Kolkata'))).toBe('2026-01-14T18:30:00.000Z');
    expect(formatLocalDate(nextAnchorDayMidnight(at('2026-02-10T12:00:00Z'), 31, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2026-02-28');
    expect(formatLocalDate(nextAnchorDayMidnight(at('2028-02-10T12:00:00Z'), 31, 'Asia/Kolkata'), 'Asia/Kolkata')).toBe('2028-02-29');
    // Past this month's anchor day: next month's.
    expect(formatLocalDate(nextAnchorDayMidnight(at('2026-01-20T12:00:00Z'), 15, 'Africa/Nairobi'), 'Africa/Nairobi')).toBe('2026-02-15');
    // Exactly at local midnight on the day: that instant.
    const exact = instantAt(midnight(2026, 4, 1), 'Asia/Kolkata');
    expect(nextAnchorDayMidnight(exact, 1, 'Asia/Kolkata')).toEqual(exact);
  });
});
