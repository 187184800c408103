// A tenant's dunning policy, defined once: what the payment-settings API accepts and shows, what
// the installation default is, and what automatic charges and dunning then follow.

const DAY_SECONDS = 86_400;

/** What happens to the subscription after the last failed retry. */
export const DUNNING_FINAL_ACTIONS = ['past_due', 'cancel'] as const;
export type DunningFinalAction = (typeof DUNNING_FINAL_ACTIONS)[number];
export const DEFAULT_DUNNING_FINAL_ACTION: DunningFinalAction = 'past_due';

/** Retries after 1, 3 and 5 days (PAYMENT_RETRY_DELAYS_SECONDS overrides it for the installation). */
export const DEFAULT_DUNNING_RETRY_DELAYS_SECONDS: readonly number[] = [DAY_SECONDS, 3 * DAY_SECONDS, 5 * DAY_SECONDS];
export const DUNNING_MAX_RETRIES = 10;
export const DUNNING_MAX_RETRY_DELAY_SECONDS = 60 * DAY_SECONDS;

export interface DunningPolicy {
  /** Seconds before each retry of a failed automatic charge. */
  readonly retryDelaysSeconds: readonly number[];
  readonly finalAction: DunningFinalAction;
  /** Days from the due date on which invoices without a saved method are reminded (empty: never). */
  readonly reminderDays: readonly number[];
}

export function isDunningFinalAction(value: unknown): value is DunningFinalAction {
  return typeof value === 'string' && (DUNNING_FINAL_ACTIONS as readonly string[]).includes(value);
}

/** Why `delays` is not an acceptable retry schedule, as a phrase after the field name, or null. */
export function retryDelaysProblem(delays: unknown): string | null {
  if (!Array.isArray(delays) || delays.length < 1 || delays.length > DUNNING_MAX_RETRIES) return `must be 1 to ${DUNNING_MAX_RETRIES} delays`;
  if (!delays.every((delay) => Number.isInteger(delay) && delay >= 1 && delay <= DUNNING_MAX_RETRY_DELAY_SECONDS)) {
    return `must hold whole seconds from 1 to ${DUNNING_MAX_RETRY_DELAY_SECONDS} (60 days)`;
  }
  return null;
}

/**
 * The policy in force: the tenant's stored settings where they are set, the installation's default
 * retry schedule and the default final action otherwise (no settings row, an empty schedule, or a
 * final action this version does not know).
 */
export function resolveDunningPolicy(
  stored: { readonly retryDelaysSeconds?: readonly number[] | null; readonly finalAction?: string | null; readonly reminderDays?: readonly number[] | null } | null | undefined,
  defaultRetryDelaysSeconds: readonly number[] = DEFAULT_DUNNING_RETRY_DELAYS_SECONDS,
): DunningPolicy {
  return {
    retryDelaysSeconds: stored?.retryDelaysSeconds?.length ? [...stored.retryDelaysSeconds] : [...defaultRetryDelaysSeconds],
    finalAction: isDunningFinalAction(stored?.finalAction) ? stored.finalAction : DEFAULT_DUNNING_FINAL_ACTION,
    // Null (never set) is the default schedule; an empty one was chosen: no reminders.
    reminderDays: stored?.reminderDays ? [...stored.reminderDays] : [...DEFAULT_REMINDER_DAYS],
  };
}

/** Payment terms (days from issue to due), a tenant's default or a customer's own: at most a year. */
export const PAYMENT_TERMS_DAYS_MAX = 365;

/** Why `days` are not acceptable payment terms, or null. */
export function paymentTermsProblem(days: unknown): string | null {
  return Number.isInteger(days) && (days as number) >= 0 && (days as number) <= PAYMENT_TERMS_DAYS_MAX ? null : `must be whole days from 0 to ${PAYMENT_TERMS_DAYS_MAX}`;
}

// --- Payment reminders: e-mails about an open invoice that no saved method will collect ---

/** Days from the due date (negative: before it) on which a customer is reminded: 3 days before, on the day, then 3, 7 and 14 days late. */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [-3, 0, 3, 7, 14];
export const REMINDER_MAX_COUNT = 10;
export const REMINDER_DAYS_MIN = -30;
export const REMINDER_DAYS_MAX = 90;

/** Why `days` is not an acceptable reminder schedule, or null. An empty schedule is allowed: it turns reminders off. */
export function reminderDaysProblem(days: unknown): string | null {
  if (!Array.isArray(days) || days.length > REMINDER_MAX_COUNT) return `must be at most ${REMINDER_MAX_COUNT} days`;
  if (!days.every((day) => Number.isInteger(day) && day >= REMINDER_DAYS_MIN && day <= REMINDER_DAYS_MAX)) {
    return `must hold whole days from ${REMINDER_DAYS_MIN} (before the due date) to ${REMINDER_DAYS_MAX} (after it)`;
  }
  if (days.some((day, index) => index > 0 && day <= days[index - 1])) return 'must be in ascending order, each day once';
  return null;
}

/**
 * Which reminder of the schedule is due for an invoice due at `dueAt`, as of `asOf`: the latest
 * day whose moment (dueAt + day) has come, unless it was sent already. Earlier days never sent
 * are skipped on purpose — an invoice found 20 days late gets one reminder, not five at once.
 * Null when nothing is due.
 */
export function reminderDue(dueAt: Date, schedule: readonly number[], sentDays: readonly number[], asOf: Date): number | null {
  let latest: number | null = null;
  for (const day of schedule) if (dueAt.getTime() + day * DAY_SECONDS * 1000 <= asOf.getTime()) latest = day;
  return latest === null || sentDays.includes(latest) ? null : latest;
}
