// When a webhook delivery that failed is tried again (Stripe: exponential backoff for up to
// three days), and when an endpoint that keeps failing is disabled.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** A delivery is retried for this long after its first attempt, then given up. */
export const DELIVERY_RETRY_WINDOW_MS = 3 * 24 * HOUR_MS;
/** An endpoint whose every attempt failed for this long is disabled (and its owner e-mailed). */
export const ENDPOINT_DISABLE_AFTER_MS = 3 * 24 * HOUR_MS;
/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 12 * HOUR_MS;

export interface RetrySchedule {
  /** The wait after the first failed attempt; each further failure doubles it, up to MAX_RETRY_DELAY_MS. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseDelayMs: MINUTE_MS };

/** The wait after `failedAttempts` (≥ 1) failed attempts: base × 2^(n−1), capped at 12 h. */
export function retryDelayMs(failedAttempts: number, schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new RangeError('failedAttempts must be a whole number ≥ 1');
  // 2^40 already exceeds any cap; bounding the exponent keeps the arithmetic finite.
  return Math.min(schedule.baseDelayMs * 2 ** Math.min(failedAttempts - 1, 40), MAX_RETRY_DELAY_MS);
}

/**
 * When to try a delivery again after its `failedAttempts`-th failure at `now`, or null when that
 * time falls past three days from its first attempt (the delivery is given up).
 */
export function nextDeliveryAttempt(firstAttemptAt: Date, failedAttempts: number, now: Date, schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE): Date | null {
  const next = now.getTime() + retryDelayMs(failedAttempts, schedule);
  return next > firstAttemptAt.getTime() + DELIVERY_RETRY_WINDOW_MS ? null : new Date(next);
}

/** Whether an endpoint failing since `failingSince` has failed long enough at `now` to be disabled. */
export function endpointFailedTooLong(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= ENDPOINT_DISABLE_AFTER_MS;
}
