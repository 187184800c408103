// The plain-data description of a rating plan, as stored or as produced from a rate deck.
// `compileRatingPlan` validates it and turns it into an immutable, indexed `RatingPlan`.

import type { RoundingMethod } from '../money/rounding';

export interface RatingPlanData {
  id: string;
  /** ISO 4217 code; amounts below are decimal strings in this currency. */
  currency: string;
  /** IANA time zone in which timings and date-only activation dates are read, e.g. "Africa/Lagos". */
  timezone: string;
  /** How a call's cost is rounded once it is summed (a rate may override it). */
  rounding: RoundingRule;
  destinations: readonly DestinationData[];
  timings?: readonly TimingData[];
  rates: readonly RateData[];
  bundles?: readonly BundleData[];
}

export interface RoundingRule {
  method: RoundingMethod;
  /** Decimal places of the rated cost, 0 to 9. */
  decimals: number;
}

/** A named set of number prefixes, e.g. "Nigeria Mobile MTN" = 234803, 234806, ... */
export interface DestinationData {
  name: string;
  prefixes: readonly string[];
  /**
   * Breaks ties when several destinations own the same prefix: the highest weight wins, then the
   * smallest name in code-unit order. Default 0.
   */
  weight?: number;
}

/**
 * When a timed rate applies, in the plan's local time. A timing matches an instant when its weekday
 * and date constraints hold and startTime <= local time of day < endTime. At every instant the matching
 * timing with the highest weight (then the smallest id) that the destination has a rate for decides the
 * price. Rates without a timing use the implicit timing "*any", weight 0, which matches always.
 */
export interface TimingData {
  id: string;
  weight: number;
  /** 0 = Sunday ... 6 = Saturday (as Date#getDay and CGRateS). Omitted: every day. */
  weekdays?: readonly number[];
  /** Specific local dates "YYYY-MM-DD", e.g. public holidays. Omitted: every date. */
  dates?: readonly string[];
  /** "HH:MM" or "HH:MM:SS", inclusive. Default "00:00". */
  startTime?: string;
  /** "HH:MM" or "HH:MM:SS", exclusive, up to "24:00". Default "24:00". Must be after startTime. */
  endTime?: string;
}

export interface RateData {
  id: string;
  destination: string;
  /** Timing id; omitted for a rate that applies at any time ("*any"). */
  timing?: string;
  /**
   * From when this rate applies: ISO instant with offset ("2025-03-01T00:00:00Z") or local date/time in
   * the plan's time zone ("2025-03-01", "2025-03-01T06:00"). A later-dated rate for the same destination
   * and timing replaces the earlier one from that instant on. Omitted: since forever.
   */
  activeFrom?: string;
  /** Price per `unitSeconds`, decimal string, e.g. "0.001". */
  pricePerUnit: string;
  unitSeconds: number;
  /** First billed block in seconds: a call is billed at least this long. */
  initialIncrement: number;
  /** Every further block in seconds. */
  subsequentIncrement: number;
  /** Charged once per call. Default "0". */
  connectFee?: string;
  minCost?: string;
  maxCost?: string;
  /** Overrides the plan's rounding for calls answered under this rate. */
  rounding?: RoundingRule;
}

/** Units included per billing period, consumed before money on calls to its destinations. */
export interface BundleData {
  id: string;
  destinations: readonly string[];
  /** Allowance per billing period in seconds (500 minutes = 30000). */
  seconds: number;
}
