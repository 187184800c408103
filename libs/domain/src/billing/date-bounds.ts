// Date ranges defined once, so that no far-past or far-future date reaches the period math or the
// rating: the subscription API, the subscription use case and the CDR intake all use these.

const DAY_MS = 86_400_000;

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function yearsFrom(at: Date, years: number): Date {
  const result = new Date(at.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

/**
 * How far a subscription may be backdated (and how far ahead it may start): one year. Every elapsed
 * period of a backdated subscription is invoiced, so a typo like year 0 would issue ~24,000 monthly
 * invoices; a year covers what backdating is for — moving a customer over from another system
 * mid-contract, or recording a sale entered late — and is the longest period a new price may have
 * (MAX_INTERVAL_COUNT), so a backdated subscription is at most about one period behind.
 */
export const MAX_SUBSCRIPTION_BACKDATE_YEARS = 1;
export const MAX_SUBSCRIPTION_START_AHEAD_YEARS = 1;

/** Why `startAt` is not an acceptable start for a new subscription at `now`, as a phrase after the field name, or null. */
export function subscriptionStartProblem(startAt: Date, now: Date): string | null {
  if (!isValidDate(startAt)) return 'must be a valid date-time';
  const earliest = yearsFrom(now, -MAX_SUBSCRIPTION_BACKDATE_YEARS);
  const latest = yearsFrom(now, MAX_SUBSCRIPTION_START_AHEAD_YEARS);
  if (startAt < earliest) return `must not be more than ${MAX_SUBSCRIPTION_BACKDATE_YEARS} year back (not before ${earliest.toISOString()})`;
  if (startAt > latest) return `must not be more than ${MAX_SUBSCRIPTION_START_AHEAD_YEARS} year ahead (not after ${latest.toISOString()})`;
  return null;
}

/** No call we rate started before this: older CDRs are typos or epoch zeros, not traffic. */
export const CDR_EARLIEST_START = new Date('2000-01-01T00:00:00Z');
/** A call may start a little after our clock says now (a switch's clock runs ahead, time zones got wrong by hours), never more than a day. */
export const CDR_MAX_AHEAD_MS = DAY_MS;

/** Why a CDR's `startedAt` is not acceptable at `now`, as a phrase after the field name, or null. */
export function cdrStartedAtProblem(startedAt: Date, now: Date): string | null {
  if (!isValidDate(startedAt)) return 'must be a valid date-time';
  if (startedAt < CDR_EARLIEST_START) return `must not be before ${CDR_EARLIEST_START.toISOString()}`;
  if (startedAt.getTime() > now.getTime() + CDR_MAX_AHEAD_MS) return 'must not be more than a day in the future';
  return null;
}
