import { type Nanos } from '../money/nanos';
import { type CompiledRate } from '../plan/compiled-rate';
import { type DestinationTariff } from '../plan/destination-tariff';
import { type PrefixEntry } from '../plan/prefix-trie';
import { RatingOutcome } from './rating-outcome';

/** Marks a segment paid with money rather than bundle units. */
export const MONEY = -1;

/**
 * Reusable working memory for rating one CDR at a time without allocating: the outcome, the chosen
 * destination and the billing segments, in parallel typed arrays. Create one per plan with
 * `plan.createScratch()` and reuse it for every CDR; read it before rating the next one.
 *
 * A segment is a run of consecutive billing blocks priced by the same rate and paid the same way
 * (money, or one bundle). Positions are milliseconds elapsed since the call started.
 */
export class RatingScratch {
  outcome: RatingOutcome = RatingOutcome.Rated;
  /** Rated cost after connect fee, minimum, maximum and rounding. */
  cost: Nanos = 0;
  /** Connect fee included in `cost` (0 when the call was entirely paid by bundles). */
  connectFee: Nanos = 0;
  startedAtMs = 0;
  durationMs = 0;
  /** For no_active_rate: the instant with no rate in force. */
  failedAtMs = 0;
  tariff: DestinationTariff | null = null;
  prefix: PrefixEntry | null = null;
  /** The rate in force when the call started: it sets the connect fee, minimum, maximum and rounding. */
  headRate: CompiledRate | null = null;

  segmentCount = 0;
  segmentStart: Float64Array;
  segmentBilledMs: Float64Array;
  segmentPayer: Int32Array;
  readonly segmentRate: (CompiledRate | null)[];

  /** Per plan bundle: units left at the start of this call and units this call consumed. */
  readonly bundleRemainingMs: Float64Array;
  readonly bundleConsumedMs: Float64Array;
  /** Trie matches, shortest prefix first. */
  readonly matches: Int32Array;

  constructor(bundleCount: number, maxPrefixLength: number, segmentCapacity = 8) {
    this.segmentStart = new Float64Array(segmentCapacity);
    this.segmentBilledMs = new Float64Array(segmentCapacity);
    this.segmentPayer = new Int32Array(segmentCapacity);
    this.segmentRate = new Array<CompiledRate | null>(segmentCapacity).fill(null);
    this.bundleRemainingMs = new Float64Array(bundleCount);
    this.bundleConsumedMs = new Float64Array(bundleCount);
    this.matches = new Int32Array(Math.max(1, maxPrefixLength));
  }

  reset(startedAtMs: number): void {
    this.outcome = RatingOutcome.Rated;
    this.cost = 0;
    this.connectFee = 0;
    this.startedAtMs = startedAtMs;
    this.durationMs = 0;
    this.tariff = null;
    this.prefix = null;
    this.headRate = null;
    this.segmentCount = 0;
  }

  fail(outcome: RatingOutcome): false {
    this.outcome = outcome;
    return false;
  }

  /** Appends billed time, merging it into the previous segment when rate and payer are the same. */
  addBilled(rate: CompiledRate, payer: number, position: number, billedMs: number): void {
    const last = this.segmentCount - 1;
    if (last >= 0 && this.segmentRate[last] === rate && this.segmentPayer[last] === payer) {
      this.segmentBilledMs[last] += billedMs;
      return;
    }
    if (this.segmentCount === this.segmentStart.length) this.grow();
    const index = this.segmentCount++;
    this.segmentStart[index] = position;
    this.segmentBilledMs[index] = billedMs;
    this.segmentPayer[index] = payer;
    this.segmentRate[index] = rate;
  }

  hasMoneySegment(): boolean {
    for (let index = 0; index < this.segmentCount; index++) if (this.segmentPayer[index] === MONEY) return true;
    return false;
  }

  private grow(): void {
    const capacity = this.segmentStart.length * 2;
    this.segmentStart = grown(this.segmentStart, new Float64Array(capacity));
    this.segmentBilledMs = grown(this.segmentBilledMs, new Float64Array(capacity));
    this.segmentPayer = grown(this.segmentPayer, new Int32Array(capacity));
    this.segmentRate.length = capacity;
    this.segmentRate.fill(null, this.segmentCount);
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
