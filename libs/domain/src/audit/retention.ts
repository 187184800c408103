// How long a tenant's audit log is kept (AUDIT_LOG_RETENTION_DAYS) and what that means for a prune.

/** Default retention: 400 days, a year and a month, so a yearly review still sees the whole past year. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400;
/** At least a month: a shorter log is no trail to follow up a dispute with. */
export const MIN_AUDIT_RETENTION_DAYS = 30;
/** At most ten years (statutory bookkeeping periods are shorter). */
export const MAX_AUDIT_RETENTION_DAYS = 3650;

const DAY_MS = 86_400_000;

/** The instant before which entries are past retention at `now` (whole days of 24 h, UTC). */
export function auditRetentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_AUDIT_RETENTION_DAYS || retentionDays > MAX_AUDIT_RETENTION_DAYS) {
    throw new RangeError(`audit retention must be ${MIN_AUDIT_RETENTION_DAYS}–${MAX_AUDIT_RETENTION_DAYS} whole days, got ${retentionDays}`);
  }
  return new Date(now.getTime() - retentionDays * DAY_MS);
}
