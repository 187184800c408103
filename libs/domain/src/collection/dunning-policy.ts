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
  stored: { readonly retryDelaysSeconds?: readonly number[] | null; readonly finalAction?: string | null } | null | undefined,
  defaultRetryDelaysSeconds: readonly number[] = DEFAULT_DUNNING_RETRY_DELAYS_SECONDS,
): DunningPolicy {
  return {
    retryDelaysSeconds: stored?.retryDelaysSeconds?.length ? [...stored.retryDelaysSeconds] : [...defaultRetryDelaysSeconds],
    finalAction: isDunningFinalAction(stored?.finalAction) ? stored.finalAction : DEFAULT_DUNNING_FINAL_ACTION,
  };
}
