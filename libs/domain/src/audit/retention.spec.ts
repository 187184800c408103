import { DEFAULT_AUDIT_RETENTION_DAYS, auditRetentionCutoff } from './retention';

describe('auditRetentionCutoff', () => {
  it('keeps the default 400 days: on 2027-02-04 entries from before 2025-12-31 are past retention', () => {
    expect(auditRetentionCutoff(new Date('2027-02-04T10:00:00Z'), DEFAULT_AUDIT_RETENTION_DAYS)).toEqual(new Date('2025-12-31T10:00:00Z'));
  });

  it('counts days of 24 hours across a leap day: 30 days before 2028-03-15 is 2028-02-14', () => {
    expect(auditRetentionCutoff(new Date('2028-03-15T00:00:00Z'), 30)).toEqual(new Date('2028-02-14T00:00:00Z'));
  });

  it.each([29, 3651, 1.5, Number.NaN])('refuses a retention of %p days', (days) => {
    expect(() => auditRetentionCutoff(new Date(), days)).toThrow(RangeError);
  });
});
