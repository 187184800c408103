import { type Nanos } from '../money/nanos';
import { NONE } from '../plan/tariff-table';
import { RatingOutcome } from './rating-outcome';

/** Marks a segment paid with money rather than bundle units. */
export const MONEY = -1;

/**
 * Reusable working memory for rating one CDR at a time without allocating: the outcome, the chosen
 * destination and the billing segments, in parallel typed arrays. Create one per plan with
 * `plan.createScratch()` and reuse it for every CDR; read it before rating the next one.
 *
 * A segment is a run of consecutive billing blocks priced by the same rate and paid the same way
 * (money, or one bundle). Positions are milliseconds elapsed since the call started. Rates are referred
 * to by their tariff entry offset, bundles and destinations by their index in the plan (PlanCatalog).
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
  /** The chosen destination (index in the plan catalog), its tariff block, and the trie node of the matched prefix. */
  destination = NONE;
  tariffBlock = NONE;
  prefixNode = NONE;
  /** The rate in force when the call started: it sets the connect fee, minimum, maximum and rounding. */
  headRate = NONE;
  /** Tariff version in force when the call started. */
  headVersion = NONE;

  segmentCount = 0;
  segmentStart: Float64Array;
  segmentBilledMs: Float64Array;
  /** MONEY or the index of the bundle that paid. */
  segmentPayer: Int32Array;
  segmentRate: Int32Array;

  /** Per plan bundle: units left at the start of this call and units this call consumed. */
  readonly bundleRemainingMs: Float64Array;
  readonly bundleConsumedMs: Float64Array;
  /** Trie matches, shortest prefix first. */
  readonly matches: Int32Array;

  /** `owner` is the plan this scratch is sized for; use `plan.createScratch()` rather than this constructor. */
  constructor(
    readonly owner: object,
    bundleCount: number,
    maxPrefixLength: number,
    segmentCapacity = 8,
  ) {
    this.segmentStart = new Float64Array(segmentCapacity);
    this.segmentBilledMs = new Float64Array(segmentCapacity);
    this.segmentPayer = new Int32Array(segmentCapacity);
    this.segmentRate = new Int32Array(segmentCapacity);
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
    this.destination = NONE;
    this.tariffBlock = NONE;
    this.prefixNode = NONE;
    this.headRate = NONE;
    this.headVersion = NONE;
    this.segmentCount = 0;
  }

  fail(outcome: RatingOutcome): false {
    this.outcome = outcome;
    return false;
  }

  /** Appends billed time, merging it into the previous segment when rate and payer are the same. */
  addBilled(rate: number, payer: number, position: number, billedMs: number): void {
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
    this.segmentRate = grown(this.segmentRate, new Int32Array(capacity));
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
