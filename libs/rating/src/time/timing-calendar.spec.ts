import { IssueCollector } from '../plan/plan-error';
import { compileTiming, anyTiming } from './timing';
import { TimingCalendar } from './timing-calendar';
import { ZonedClock } from './zoned-clock';

describe('ZonedClock', () => {
  const newYork = new ZonedClock('America/New_York');

  it('maps wall times to UTC with the offset in force', () => {
    expect(newYork.utcAt(Date.UTC(2025, 0, 15, 9, 0))).toBe(Date.parse('2025-01-15T14:00:00Z')); // EST -5
    expect(newYork.utcAt(Date.UTC(2025, 6, 15, 9, 0))).toBe(Date.parse('2025-07-15T13:00:00Z')); // EDT -4
  });

  it('resolves DST gaps forward and overlaps to the first occurrence', () => {
    // 9 Mar 2025 02:30 does not exist in New York (02:00 -> 03:00): read as 03:30 EDT.
    expect(newYork.utcAt(Date.UTC(2025, 2, 9, 2, 30))).toBe(Date.parse('2025-03-09T07:30:00Z'));
    // 2 Nov 2025 01:30 happens twice: the first, EDT.
    expect(newYork.utcAt(Date.UTC(2025, 10, 2, 1, 30))).toBe(Date.parse('2025-11-02T05:30:00Z'));
  });

  it('rejects unknown zones', () => {
    expect(() => new ZonedClock('Nowhere/Special')).toThrow(/Unknown IANA time zone/);
  });
});

describe('TimingCalendar', () => {
  const issues = new IssueCollector();
  const any = anyTiming(0);
  const peak = compileTiming({ id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' }, 1, 'peak', issues)!;
  const holiday = compileTiming({ id: 'holiday', weight: 20, dates: ['2025-12-25'] }, 2, 'holiday', issues)!;
  const calendar = new TimingCalendar([any, peak, holiday], new ZonedClock('Asia/Kolkata'));
  const maskAt = (iso: string) => {
    const instant = Date.parse(iso);
    calendar.cover(instant, instant);
    return calendar.maskAt(calendar.indexAt(instant));
  };

  it('flattens local timings onto UTC instants', () => {
    expect(issues.issues).toEqual([]);
    // Wed 5 Mar 2025 in Kolkata (UTC+05:30): peak runs 02:30Z-12:30Z.
    expect(maskAt('2025-03-05T02:29:59Z')).toBe(any.mask);
    expect(maskAt('2025-03-05T02:30:00Z')).toBe(any.mask | peak.mask);
    expect(maskAt('2025-03-05T12:29:59Z')).toBe(any.mask | peak.mask);
    expect(maskAt('2025-03-05T12:30:00Z')).toBe(any.mask);
    // Saturday: no peak.
    expect(maskAt('2025-03-08T06:00:00Z')).toBe(any.mask);
    // Christmas 2025 is a Thursday: holiday all local day, peak too during the day.
    expect(maskAt('2025-12-24T18:30:00Z')).toBe(any.mask | holiday.mask);
    expect(maskAt('2025-12-25T06:00:00Z')).toBe(any.mask | peak.mask | holiday.mask);
    expect(maskAt('2025-12-25T18:30:00Z')).toBe(any.mask);
  });

  it('extends itself to any year and gives the next change', () => {
    expect(maskAt('2150-03-04T06:00:00Z')).toBe(any.mask | peak.mask); // a Wednesday in 2150
    const instant = Date.parse('2025-03-05T06:00:00Z');
    expect(calendar.endOf(calendar.indexAt(instant))).toBe(Date.parse('2025-03-05T12:30:00Z'));
  });

  it('never splits a plan whose timings always apply', () => {
    const constant = new TimingCalendar([any], new ZonedClock('UTC'));
    constant.cover(0, Date.UTC(2199, 0, 1));
    expect(constant.endOf(constant.indexAt(Date.UTC(2100, 0, 1)))).toBe(Infinity);
  });
});
