import { DomainValidationError } from '../errors';
import { addInterval, intervalCountProblem, MAX_INTERVAL_COUNT, nextPeriod, periodAt, periodContaining, type Interval } from './period';

const utc = (iso: string) => new Date(`${iso}Z`);
const iso = (date: Date) => date.toISOString();

describe('addInterval', () => {
  it('clamps month ends from the anchor without drift: Jan 31 → Feb 29, Mar 31, Apr 30, May 31', () => {
    const anchor = utc('2024-01-31T00:00:00');
    const boundaries = [0, 1, 2, 3, 4, 12, 13].map((n) => iso(addInterval(anchor, 'month', 1, n)));
    expect(boundaries).toEqual([
      '2024-01-31T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z', // leap year
      '2024-03-31T00:00:00.000Z', // back to the 31st, not the 29th
      '2024-04-30T00:00:00.000Z',
      '2024-05-31T00:00:00.000Z',
      '2025-01-31T00:00:00.000Z',
      '2025-02-28T00:00:00.000Z', // common year
    ]);
  });

  it('keeps the anchor time of day', () => {
    expect(iso(addInterval(utc('2023-01-30T13:45:10.250'), 'month', 1, 1))).toBe('2023-02-28T13:45:10.250Z');
  });

  it('yearly from Feb 29 lands on Feb 28 in common years and Feb 29 in leap years', () => {
    const anchor = utc('2024-02-29T09:00:00');
    expect([1, 2, 3, 4, 100].map((n) => iso(addInterval(anchor, 'year', 1, n)))).toEqual([
      '2025-02-28T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
      '2027-02-28T09:00:00.000Z',
      '2028-02-29T09:00:00.000Z',
      '2124-02-29T09:00:00.000Z',
    ]);
    // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
    expect(iso(addInterval(anchor, 'year', 1, 76))).toBe('2100-02-28T09:00:00.000Z');
    expect(iso(addInterval(utc('2000-02-29T00:00:00'), 'year', 2, 2))).toBe('2004-02-29T00:00:00.000Z');
  });

  it('multiplies count by n for quarterly and multi-year cycles', () => {
    const anchor = utc('2024-11-30T00:00:00');
    expect(iso(addInterval(anchor, 'month', 3, 1))).toBe('2025-02-28T00:00:00.000Z');
    expect(iso(addInterval(anchor, 'month', 3, 2))).toBe('2025-05-30T00:00:00.000Z');
    expect(iso(addInterval(anchor, 'year', 3, 1))).toBe('2027-11-30T00:00:00.000Z');
  });

  it('counts days and weeks as exact 24h steps: DST is irrelevant in UTC', () => {
    // 2024-03-31 is the EU spring-forward day and 2024-03-10 the US one; UTC days stay 24h.
    const anchor = utc('2024-03-30T23:30:00');
    expect(iso(addInterval(anchor, 'day', 1, 1))).toBe('2024-03-31T23:30:00.000Z');
    expect(iso(addInterval(anchor, 'day', 30, 1))).toBe('2024-04-29T23:30:00.000Z');
    expect(iso(addInterval(anchor, 'week', 2, 3))).toBe('2024-05-11T23:30:00.000Z');
    expect(iso(addInterval(utc('2024-02-28T00:00:00'), 'day', 1, 1))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('goes backwards for negative n, clamping the same way', () => {
    const anchor = utc('2024-03-31T00:00:00');
    expect(iso(addInterval(anchor, 'month', 1, -1))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(addInterval(anchor, 'month', 1, -4))).toBe('2023-11-30T00:00:00.000Z');
    expect(iso(addInterval(anchor, 'week', 1, -1))).toBe('2024-03-24T00:00:00.000Z');
  });

  it('handles years below 100 without the Date.UTC 19xx remapping', () => {
    const anchor = new Date(0);
    anchor.setUTCFullYear(50, 0, 31);
    expect(addInterval(anchor, 'month', 1, 1).getUTCFullYear()).toBe(50);
    expect(addInterval(anchor, 'month', 1, 1).getUTCDate()).toBe(28);
  });

  it.each<[Interval, number, string]>([
    ['day', 0, 'count: must be a positive integer, got 0'],
    ['week', -1, 'count: must be a positive integer, got -1'],
    ['month', 1.5, 'count: must be a positive integer, got 1.5'],
    ['fortnight' as Interval, 1, "interval: must be one of day, week, month, year, got 'fortnight'"],
    ['toString' as Interval, 1, "interval: must be one of day, week, month, year, got 'toString'"],
  ])('rejects %s × %p', (interval, count, message) => {
    expect(() => addInterval(utc('2024-01-01T00:00:00'), interval, count, 1)).toThrow(message);
  });

  it('rejects invalid dates, fractional n and boundaries outside the Date range', () => {
    expect(() => addInterval(new Date('not a date'), 'month', 1, 1)).toThrow('anchor: must be a valid Date');
    expect(() => addInterval('2024-01-01' as unknown as Date, 'month', 1, 1)).toThrow(DomainValidationError);
    expect(() => addInterval(utc('2024-01-01T00:00:00'), 'month', 1, 0.5)).toThrow('n: must be an integer, got 0.5');
    expect(() => addInterval(utc('2024-01-01T00:00:00'), 'year', 3, 10_000_000)).toThrow(
      'outside the representable date range',
    );
    expect(() => addInterval(utc('2024-01-01T00:00:00'), 'day', 365, 1_000_000)).toThrow(
      'outside the representable date range',
    );
  });
});

describe('periodContaining', () => {
  const anchor = utc('2024-01-31T10:00:00');

  it.each([
    ['2024-01-31T10:00:00', 0, '2024-01-31T10:00:00.000Z', '2024-02-29T10:00:00.000Z'], // the anchor itself
    ['2024-02-29T09:59:59.999', 0, '2024-01-31T10:00:00.000Z', '2024-02-29T10:00:00.000Z'], // 1ms before the end
    ['2024-02-29T10:00:00', 1, '2024-02-29T10:00:00.000Z', '2024-03-31T10:00:00.000Z'], // end is exclusive
    ['2024-03-15T00:00:00', 1, '2024-02-29T10:00:00.000Z', '2024-03-31T10:00:00.000Z'],
    ['2024-03-31T09:00:00', 1, '2024-02-29T10:00:00.000Z', '2024-03-31T10:00:00.000Z'], // same month, before boundary
    ['2024-04-30T12:00:00', 3, '2024-04-30T10:00:00.000Z', '2024-05-31T10:00:00.000Z'],
    ['2025-02-28T10:00:00', 13, '2025-02-28T10:00:00.000Z', '2025-03-31T10:00:00.000Z'],
    ['2024-01-15T00:00:00', -1, '2023-12-31T10:00:00.000Z', '2024-01-31T10:00:00.000Z'], // before the anchor
  ])('monthly from Jan 31, at %s → period %p', (at, index, start, end) => {
    const period = periodContaining(anchor, 'month', 1, utc(at));
    expect({ index: period.index, start: iso(period.start), end: iso(period.end) }).toEqual({ index, start, end });
  });

  it('finds quarterly and yearly periods', () => {
    const quarter = periodContaining(utc('2024-01-31T00:00:00'), 'month', 3, utc('2024-07-30T00:00:00'));
    expect([quarter.index, iso(quarter.start), iso(quarter.end)]).toEqual([1, '2024-04-30T00:00:00.000Z', '2024-07-31T00:00:00.000Z']);
    const year = periodContaining(utc('2024-02-29T00:00:00'), 'year', 1, utc('2025-02-28T12:00:00'));
    expect([year.index, iso(year.start), iso(year.end)]).toEqual([1, '2025-02-28T00:00:00.000Z', '2026-02-28T00:00:00.000Z']);
  });

  it('finds day and week periods, including before the anchor', () => {
    const weekly = periodContaining(utc('2024-01-01T00:00:00'), 'week', 2, utc('2024-01-29T00:00:00'));
    expect([weekly.index, iso(weekly.start), iso(weekly.end)]).toEqual([2, '2024-01-29T00:00:00.000Z', '2024-02-12T00:00:00.000Z']);
    const daily = periodContaining(utc('2024-01-10T00:00:00'), 'day', 1, utc('2024-01-09T23:59:59'));
    expect([daily.index, iso(daily.start), iso(daily.end)]).toEqual([-1, '2024-01-09T00:00:00.000Z', '2024-01-10T00:00:00.000Z']);
  });

  it('agrees with addInterval for every day across four years of a clamping schedule', () => {
    const schedule = utc('2023-08-31T06:00:00');
    for (let day = -40; day < 4 * 366; day += 1) {
      const at = new Date(schedule.getTime() + day * 86_400_000 + 3_600_000 * (day % 24));
      const period = periodContaining(schedule, 'month', 1, at);
      expect(period.start.getTime()).toBeLessThanOrEqual(at.getTime());
      expect(period.end.getTime()).toBeGreaterThan(at.getTime());
      expect(period.start).toEqual(addInterval(schedule, 'month', 1, period.index));
      expect(period.end).toEqual(addInterval(schedule, 'month', 1, period.index + 1));
    }
  });

  it('validates at', () => {
    expect(() => periodContaining(anchor, 'month', 1, new Date(Number.NaN))).toThrow('at: must be a valid Date');
  });
});

describe('periodAt and nextPeriod', () => {
  const anchor = utc('2024-01-31T00:00:00');

  it('periodAt returns [boundary(i), boundary(i + 1))', () => {
    const period = periodAt(anchor, 'month', 1, 3);
    expect([period.index, iso(period.start), iso(period.end)]).toEqual([3, '2024-04-30T00:00:00.000Z', '2024-05-31T00:00:00.000Z']);
    expect(() => periodAt(anchor, 'month', 1, Number.NaN)).toThrow('index: must be an integer, got NaN');
  });

  it('nextPeriod is the period after the one containing at: the next renewal', () => {
    // Feb 10 lies in period 0 [Jan 31, Feb 29), so the subscription renews on Feb 29.
    const next = nextPeriod(anchor, 'month', 1, utc('2024-02-10T00:00:00'));
    expect([next.index, iso(next.start), iso(next.end)]).toEqual([1, '2024-02-29T00:00:00.000Z', '2024-03-31T00:00:00.000Z']);
    // Exactly on a boundary, that boundary's period is current, so the next one starts a period later.
    const onBoundary = nextPeriod(anchor, 'month', 1, utc('2024-02-29T00:00:00'));
    expect(iso(onBoundary.start)).toBe('2024-03-31T00:00:00.000Z');
  });

  describe('interval counts', () => {
    it.each<[Interval, number]>([['day', 365], ['week', 52], ['month', 36], ['year', 3]])('accepts %s × %p, the most a new price may have, and rejects one more', (interval, max) => {
      expect(MAX_INTERVAL_COUNT[interval]).toBe(max);
      expect(intervalCountProblem(interval, max)).toBeNull();
      expect(intervalCountProblem(interval, 1)).toBeNull();
      expect(intervalCountProblem(interval, max + 1)).toBe(`must be an integer from 1 to ${max} for ${interval} intervals`);
      expect(intervalCountProblem(interval, 0)).not.toBeNull();
      expect(intervalCountProblem(interval, 2.5)).not.toBeNull();
      expect(intervalCountProblem(interval, '3')).not.toBeNull();
    });

    it('bills every count a new price may have, from the period containing the anchor to the next', () => {
      const anchor = utc('2024-02-29T12:00:00');
      for (const interval of ['day', 'week', 'month', 'year'] as Interval[]) {
        const max = MAX_INTERVAL_COUNT[interval];
        const period = periodContaining(anchor, interval, max, utc('2026-01-01T00:00:00'));
        expect(period.start.getTime()).toBeLessThanOrEqual(utc('2026-01-01T00:00:00').getTime());
        expect(period.end.getTime()).toBeGreaterThan(utc('2026-01-01T00:00:00').getTime());
        expect(nextPeriod(anchor, interval, max, period.start).start).toEqual(period.end);
      }
      expect(iso(addInterval(anchor, 'week', 52, 1))).toBe('2025-02-27T12:00:00.000Z');
      expect(iso(addInterval(anchor, 'year', 3, 1))).toBe('2027-02-28T12:00:00.000Z');
    });

    it('keeps billing prices stored before the shared rule, up to 156 weeks and 1095 days', () => {
      const anchor = utc('2024-01-01T00:00:00');
      expect(iso(addInterval(anchor, 'week', 156, 1))).toBe('2026-12-28T00:00:00.000Z');
      expect(iso(addInterval(anchor, 'day', 1095, 1))).toBe('2026-12-31T00:00:00.000Z');
      expect(periodContaining(anchor, 'week', 156, utc('2027-01-01T00:00:00')).index).toBe(1);
      expect(periodAt(anchor, 'month', 120, 1).start).toEqual(utc('2034-01-01T00:00:00'));
    });
  });
});
