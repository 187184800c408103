/** Why a CDR could not be rated. */
export const UNRATABLE_REASONS = [
  'invalid_number',
  'invalid_duration',
  'invalid_start_time',
  'no_matching_prefix',
  'no_active_rate',
  'cost_out_of_range',
] as const;
export type UnratableReason = (typeof UNRATABLE_REASONS)[number];

/** Outcome codes written by the allocation-free path: 0 = rated, otherwise 1 + index in UNRATABLE_REASONS. */
export enum RatingOutcome {
  Rated = 0,
  InvalidNumber = 1,
  InvalidDuration = 2,
  InvalidStartTime = 3,
  NoMatchingPrefix = 4,
  NoActiveRate = 5,
  CostOutOfRange = 6,
}

export function unratableReason(outcome: RatingOutcome): UnratableReason {
  return UNRATABLE_REASONS[outcome - 1];
}
