import { type Nanos } from '../money/nanos';
import { type UnratableReason } from './rating-outcome';

export interface CallDetailRecord {
  /** Dialled number in any usual form: "+234 803 123 4567", "0023480312345", "23480312345". */
  calledNumber: string;
  /** Answer time, UTC epoch milliseconds. */
  startedAtMs: number;
  /** Billable duration in seconds (fractions allowed, read to the millisecond). */
  durationSeconds: number;
}

/**
 * Bundle units used so far in the current billing period, in seconds per bundle id. A bundle missing
 * from it is untouched; start a new period with `{}`.
 */
export type BundleUsage = Readonly<Record<string, number>>;

export const NO_BUNDLE_USAGE: BundleUsage = Object.freeze({});

export interface RatedSegment {
  /** Instant the segment's first billing block starts, UTC epoch ms. */
  startedAtMs: number;
  /** Call time the segment covers (the last segment stops at the call's end). */
  seconds: number;
  /** Time billed: whole increments, so the last segment may extend past the call's end. */
  billedSeconds: number;
  rateId: string;
  /** Bundle that paid this segment, or null when it was paid with money. */
  bundleId: string | null;
  /**
   * Price of the billed time to the nearest nano (0 when a bundle paid), before connect fee, minimum,
   * maximum and rounding; `cost` of the call is computed from the exact sum, not from these.
   */
  cost: Nanos;
}

export interface RatedCall {
  rated: true;
  /** Cost in nanos (1e-9 of the currency unit), rounded as the plan says. */
  cost: Nanos;
  currency: string;
  destination: string;
  matchedPrefix: string;
  /** Rates that priced the call, in order of first use. */
  rateIds: string[];
  connectFee: Nanos;
  billedSeconds: number;
  /** Seconds paid by bundle units. */
  bundleSeconds: number;
  segments: RatedSegment[];
  /** The usage to pass when rating the next call of the period (the same object if no units were used). */
  bundleUsage: BundleUsage;
}

export interface UnratableCall {
  rated: false;
  reason: UnratableReason;
  message: string;
}

export type RatingResult = RatedCall | UnratableCall;
