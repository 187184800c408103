// Pure telecom rating core: rate decks, compiled rating plans and exact per-call costs.
// No framework, no I/O beyond reading a rate deck stream.

export { type Nanos, NANOS_PER_UNIT, parseDecimalNanos, formatNanos } from './money/nanos';
export { type RoundingMethod, ROUNDING_METHODS } from './money/rounding';
export { toMinorUnits } from './money/minor-units';
export { normalizeNumber } from './number/normalize';
export type { RatingPlanData, DestinationData, TimingData, RateData, BundleData, RoundingRule } from './plan/plan-data';
export { RatingPlanError, type PlanIssue } from './plan/plan-error';
export { compileRatingPlan } from './plan/compile-plan';
export { ANY_TIMING_ID } from './time/timing';
export { RatingPlan, MAX_CALL_SECONDS } from './rating/rating-plan';
export { RatingScratch } from './rating/rating-scratch';
export { RatingOutcome, UNRATABLE_REASONS, type UnratableReason, unratableReason } from './rating/rating-outcome';
export type { CallDetailRecord, BundleUsage, RatedSegment, RatedCall, UnratableCall, RatingResult } from './rating/rating-result';
export { NO_BUNDLE_USAGE } from './rating/rating-result';
export { parseRateDeck, type RateDeckInput, type ParseRateDeckOptions } from './deck/parse-rate-deck';
export { CsvTextError, utf8Guard, fieldWithNul, NUL_MESSAGE } from './csv/text-guard';
export { rateDeckToPlanData, type DeckPlanSettings } from './deck/deck-to-plan';
export type { RateDeckRow, RateDeckError, RateDeckParseResult, RateDeckRefusal } from './deck/rate-deck';
