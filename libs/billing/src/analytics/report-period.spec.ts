import { DomainError, ErrorCode } from '@nova/domain';
import { reportPeriod } from './report-period';

describe('reportPeriod', () => {
  const now = new Date('2026-10-17T09:30:00Z');

  it('defaults to the twelve months to now, from the start of a month (UTC)', () => {
    expect(reportPeriod({}, now)).toEqual({ from: new Date('2025-10-01T00:00:00Z'), to: now });
    expect(reportPeriod({ to: new Date('2026-03-05T00:00:00Z') }, now)).toEqual({ from: new Date('2025-03-01T00:00:00Z'), to: new Date('2026-03-05T00:00:00Z') });
  });

  it("in the tenant's zone the default period starts at local midnight on the 1st: Kolkata 1 Oct 2025 is 30 Sep 18:30 UTC", () => {
    expect(reportPeriod({ timeZone: 'Asia/Kolkata' }, now)).toEqual({ from: new Date('2025-09-30T18:30:00Z'), to: now });
    // 22:00 UTC on 31 Jan is already February in Nairobi: the twelve months start 1 Feb of the year before.
    const late = new Date('2026-01-31T22:00:00Z');
    expect(reportPeriod({ timeZone: 'Africa/Nairobi' }, late).from).toEqual(new Date('2025-01-31T21:00:00Z'));
  });

  it('keeps the ends given and refuses an empty or inverted period on from', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    expect(reportPeriod({ from }, now)).toEqual({ from, to: now });
    for (const to of [from, new Date('2025-12-31T00:00:00Z')]) {
      expect(() => reportPeriod({ from, to }, now)).toThrow(DomainError);
      expect(() => reportPeriod({ from, to }, now)).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'from', message: 'must be before to' }] } }));
    }
  });
});
