// Catalog and subscription limits, defined once: the API's DTOs validate with them (so the
// OpenAPI document shows them) and the use cases check them again (scripts and jobs call use
// cases without a DTO), so a value one path accepts is never refused by another.

/** A plan's code: your stable identifier, unique per tenant. */
export const PLAN_CODE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const PLAN_CODE_RULE = '1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit';

/** The longest free trial, on a plan or as a subscription's override. */
export const MAX_TRIAL_DAYS = 365;

/** Seats (or units) on one subscription. */
export const MIN_SUBSCRIPTION_QUANTITY = 1;
export const MAX_SUBSCRIPTION_QUANTITY = 1_000_000;

export function planCodeProblem(code: unknown): string | null {
  return typeof code === 'string' && PLAN_CODE_PATTERN.test(code) ? null : `must be ${PLAN_CODE_RULE}`;
}

export function trialDaysProblem(days: unknown): string | null {
  return Number.isInteger(days) && (days as number) >= 0 && (days as number) <= MAX_TRIAL_DAYS ? null : `must be a whole number of days from 0 to ${MAX_TRIAL_DAYS}`;
}

export function quantityProblem(quantity: unknown): string | null {
  return Number.isInteger(quantity) && (quantity as number) >= MIN_SUBSCRIPTION_QUANTITY && (quantity as number) <= MAX_SUBSCRIPTION_QUANTITY
    ? null
    : `must be a whole number from ${MIN_SUBSCRIPTION_QUANTITY} to ${MAX_SUBSCRIPTION_QUANTITY}`;
}
