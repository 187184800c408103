import { DomainValidationError } from '../errors';
import { prorateStub } from './billing-anchor';
import { periodAt } from './period';
import { periodToBillFrom, subscriptionSchedule } from './subscription-schedule';
import { formatLocalDateTime, instantAt, localDateTime } from './time-zone';

const iso = (date: Date) => date.toISOString();
const local = (year: number, month: number, day: number, zone: string, hour = 0, minute = 0) => instantAt({ year, month, day, hour, minute, second: 0, millisecond: 0 }, zone);

describe('subscriptionSchedule: periods start at local midnight of the start day', () => {
  it('Nairobi, monthly, created 15 Mar 2026 14:23 EAT: the period is 15 Mar 00:00 – 15 Apr 00:00 EAT, billed in full', () => {
    const schedule = subscriptionSchedule(local(2026, 3, 15, 'Africa/Nairobi', 14, 23), 'month', 1, 'Africa/Nairobi');
    expect(iso(schedule.serviceStart)).toBe('2026-03-14T21:00:00.000Z');
    expect(schedule.firstPeriod).toEqual({ start: schedule.serviceStart, end: new Date('2026-04-14T21:00:00.000Z') });
    expect(schedule.firstPaidPeriod.fullPeriod).toBeNull();
    expect(schedule).toMatchObject({ trialEnd: null, billingAnchor: schedule.serviceStart, anchorDay: null });
  });

  it('Kolkata: 00:10 IST on 1 Mar is still 28 Feb in UTC; the period starts 1 Mar 00:00 IST (28 Feb 18:30 UTC)', () => {
    const schedule = subscriptionSchedule(new Date('2026-02-28T18:40:00Z'), 'month', 1, 'Asia/Kolkata');
    expect(iso(schedule.firstPeriod.start)).toBe('2026-02-28T18:30:00.000Z');
    expect(iso(schedule.firstPeriod.end)).toBe('2026-03-31T18:30:00.000Z');
  });

  it('month ends: started 31 Jan 2026 in Kolkata, renewals on 28 Feb, 31 Mar, 30 Apr at local midnight, computed from the anchor', () => {
    const schedule = subscriptionSchedule(local(2026, 1, 31, 'Asia/Kolkata', 9), 'month', 1, 'Asia/Kolkata');
    const ends = [0, 1, 2, 3].map((index) => formatLocalDateTime(periodAt(schedule.billingAnchor, 'month', 1, index, { timeZone: 'Asia/Kolkata' }).end, 'Asia/Kolkata'));
    expect(ends).toEqual(['2026-02-28 00:00 Asia/Kolkata', '2026-03-31 00:00 Asia/Kolkata', '2026-04-30 00:00 Asia/Kolkata', '2026-05-31 00:00 Asia/Kolkata']);
  });

  it('leap year: started 31 Jan 2028 renews on 29 Feb', () => {
    const schedule = subscriptionSchedule(new Date('2028-01-31T17:00:00Z'), 'month', 1, 'UTC');
    expect(iso(schedule.firstPeriod.end)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('Europe/London across the spring change: 00:00 GMT on 15 Mar, then 00:00 BST on 15 Apr (23:00 UTC on 14 Apr)', () => {
    const schedule = subscriptionSchedule(new Date('2026-03-15T16:45:10Z'), 'month', 1, 'Europe/London');
    expect(iso(schedule.firstPeriod.start)).toBe('2026-03-15T00:00:00.000Z');
    expect(iso(schedule.firstPeriod.end)).toBe('2026-04-14T23:00:00.000Z');
    // And back across the autumn change: 15 Oct 00:00 BST → 15 Nov 00:00 GMT.
    const next = periodAt(schedule.billingAnchor, 'month', 1, 7, { timeZone: 'Europe/London' });
    expect([iso(next.start), iso(next.end)]).toEqual(['2026-10-14T23:00:00.000Z', '2026-11-15T00:00:00.000Z']);
  });

  it('daily prices in London: the day of the spring change is 23 hours, midnight to midnight', () => {
    const schedule = subscriptionSchedule(new Date('2026-03-29T12:00:00Z'), 'day', 1, 'Europe/London');
    expect(schedule.firstPeriod.end.getTime() - schedule.firstPeriod.start.getTime()).toBe(23 * 3_600_000);
    expect(localDateTime(schedule.firstPeriod.end, 'Europe/London')).toMatchObject({ day: 30, hour: 0, minute: 0 });
  });

  it('a trial of 14 days from 15 Mar 14:23 EAT ends 29 Mar 00:00 EAT; regular periods are anchored there', () => {
    const schedule = subscriptionSchedule(local(2026, 3, 15, 'Africa/Nairobi', 14, 23), 'month', 1, 'Africa/Nairobi', { trialDays: 14 });
    expect(formatLocalDateTime(schedule.trialEnd!, 'Africa/Nairobi')).toBe('2026-03-29 00:00 Africa/Nairobi');
    expect(schedule.firstPeriod).toEqual({ start: schedule.serviceStart, end: schedule.trialEnd });
    expect(schedule.billingAnchor).toEqual(schedule.trialEnd);
    expect(formatLocalDateTime(schedule.firstPaidPeriod.end, 'Africa/Nairobi')).toBe('2026-04-29 00:00 Africa/Nairobi');
  });

  it('a trial across the London spring change still ends at local midnight (13 days and 23 hours)', () => {
    const schedule = subscriptionSchedule(new Date('2026-03-20T10:00:00Z'), 'month', 1, 'Europe/London', { trialDays: 14 });
    expect(iso(schedule.trialEnd!)).toBe('2026-04-02T23:00:00.000Z'); // 3 Apr 00:00 BST
  });

  it('anchored without a trial: the stub runs from the start day’s midnight, a whole number of days (21 of 31 → 2100 of 3100)', () => {
    const schedule = subscriptionSchedule(local(2026, 3, 11, 'Asia/Kolkata', 15, 20), 'month', 1, 'Asia/Kolkata', { anchorDay: 1 });
    expect(schedule.firstPeriod).toEqual({ start: local(2026, 3, 11, 'Asia/Kolkata'), end: local(2026, 4, 1, 'Asia/Kolkata') });
    const paid = schedule.firstPaidPeriod;
    expect(paid.fullPeriod).toMatchObject({ start: local(2026, 3, 1, 'Asia/Kolkata'), end: local(2026, 4, 1, 'Asia/Kolkata') });
    expect(prorateStub(3100n, paid.fullPeriod!, paid)).toBe(2100n);
  });

  it('anchor + trial (Stripe): trial 10 days from 5 Mar, stub 15 → 31 Mar prorated against March, then regular periods on the 31st', () => {
    const zone = 'Africa/Nairobi';
    const schedule = subscriptionSchedule(local(2026, 3, 5, zone, 8), 'month', 1, zone, { trialDays: 10, anchorDay: 31 });
    expect(schedule.trialEnd).toEqual(local(2026, 3, 15, zone));
    expect(schedule.firstPeriod).toEqual({ start: local(2026, 3, 5, zone), end: local(2026, 3, 15, zone) });
    expect(schedule).toMatchObject({ billingAnchor: local(2026, 3, 31, zone), anchorDay: 31 });
    const stub = schedule.firstPaidPeriod;
    expect([stub.start, stub.end]).toEqual([local(2026, 3, 15, zone), local(2026, 3, 31, zone)]);
    // The full period ending at the anchor: 28 Feb → 31 Mar (31 days); 16 days of 3100 is 1600.
    expect(stub.fullPeriod).toMatchObject({ start: local(2026, 2, 28, zone), end: local(2026, 3, 31, zone) });
    expect(prorateStub(3100n, stub.fullPeriod!, stub)).toBe(1600n);
  });

  it('anchor + trial ending on the anchor day: no stub, the first paid period is regular', () => {
    const schedule = subscriptionSchedule(new Date('2026-03-22T12:00:00Z'), 'month', 1, 'UTC', { trialDays: 10, anchorDay: 1 });
    expect(schedule.trialEnd).toEqual(new Date('2026-04-01T00:00:00Z'));
    expect(schedule.firstPaidPeriod).toMatchObject({ start: new Date('2026-04-01T00:00:00Z'), end: new Date('2026-05-01T00:00:00Z'), fullPeriod: null });
  });

  it('anchor + trial with an explicit anchor instant: it must lie within one period after the trial, not after the start', () => {
    const start = new Date('2026-03-01T09:00:00Z');
    const anchor = new Date('2026-04-20T00:00:00Z');
    const schedule = subscriptionSchedule(start, 'month', 1, 'UTC', { trialDays: 30, anchor });
    expect(schedule.firstPaidPeriod).toMatchObject({ start: new Date('2026-03-31T00:00:00Z'), end: anchor });
    expect(() => subscriptionSchedule(start, 'month', 1, 'UTC', { trialDays: 30, anchor: new Date('2026-03-20T00:00:00Z') })).toThrow(/billingCycleAnchor/);
  });

  it('refuses a bad trial length naming trialDays', () => {
    expect(() => subscriptionSchedule(new Date(), 'month', 1, 'UTC', { trialDays: 1.5 })).toThrow(DomainValidationError);
    expect(() => subscriptionSchedule(new Date(), 'month', 1, 'UTC', { trialDays: 1.5 })).toThrow(/trialDays/);
  });
});

describe('periodToBillFrom', () => {
  const zone = { timeZone: 'Africa/Nairobi', anchorDay: 31 };
  const anchor = local(2026, 3, 31, 'Africa/Nairobi');

  it('a boundary of the schedule: the regular period starting there', () => {
    expect(periodToBillFrom(anchor, 'month', 1, anchor, zone)).toMatchObject({ index: 0, start: anchor, end: local(2026, 4, 30, 'Africa/Nairobi'), fullPeriod: null });
  });

  it('inside a period (a trial ended before the anchor): the stub to the anchor, with the regular period it is prorated against', () => {
    const trialEnd = local(2026, 3, 15, 'Africa/Nairobi');
    const stub = periodToBillFrom(anchor, 'month', 1, trialEnd, zone);
    expect(stub).toMatchObject({ index: -1, start: trialEnd, end: anchor });
    expect(stub.fullPeriod).toMatchObject({ start: local(2026, 2, 28, 'Africa/Nairobi'), end: anchor });
  });
});
