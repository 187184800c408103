import { type CompiledBundle } from '../plan/compiled-bundle';
import { type PrefixTrie } from '../plan/prefix-trie';
import { NONE, type TariffTable } from '../plan/tariff-table';
import { type TimingCalendar } from '../time/timing-calendar';
import { MS_PER_SECOND } from '../time/zoned-clock';
import { COST_OUT_OF_RANGE, exactCallCost } from './call-cost';
import { describeResult } from './describe-result';
import { type PlanCatalog } from './plan-catalog';
import { RatingOutcome } from './rating-outcome';
import { type BundleUsage, type CallDetailRecord, NO_BUNDLE_USAGE, type RatingResult } from './rating-result';
import { MONEY, RatingScratch } from './rating-scratch';

/** Longest call accepted: a week. Bounds the work one CDR can cause. */
export const MAX_CALL_SECONDS = 7 * 86_400;
const EARLIEST_START_MS = Date.UTC(1970, 0, 1);
const LATEST_START_MS = Date.UTC(2200, 0, 1);
const NO_BUNDLES: readonly CompiledBundle[] = [];

export interface RatingPlanParts {
  id: string;
  currency: string;
  timezone: string;
  calendar: TimingCalendar;
  trie: PrefixTrie;
  tariffs: TariffTable;
  catalog: PlanCatalog;
}

/**
 * A compiled rating plan. Immutable: rating reads it and never changes what it answers.
 *
 * Rating a CDR (CGRateS semantics, see libs/rating/README.md):
 *  1. the longest prefix of the number owned by a destination with a rate in force at the start wins;
 *  2. billing blocks are laid from the call start: one initial increment, then subsequent increments,
 *     the last block rounded up past the end of the call;
 *  3. each block is priced by the rate in force at the instant the block starts (highest-weight active
 *     timing, latest activation), so a call crossing 18:00 or midnight is split, and a block straddling
 *     the boundary belongs to the period it started in;
 *  4. bundle units pay whole blocks first; money pays the rest;
 *  5. connect fee, minimum, maximum and rounding come from the rate in force when the call started.
 */
export class RatingPlan {
  readonly id: string;
  readonly currency: string;
  readonly timezone: string;
  private readonly calendar: TimingCalendar;
  private readonly trie: PrefixTrie;
  private readonly tariffs: TariffTable;
  private readonly catalog: PlanCatalog;
  private readonly ownScratch: RatingScratch;

  constructor(parts: RatingPlanParts) {
    this.id = parts.id;
    this.currency = parts.currency;
    this.timezone = parts.timezone;
    this.calendar = parts.calendar;
    this.trie = parts.trie;
    this.tariffs = parts.tariffs;
    this.catalog = parts.catalog;
    this.ownScratch = this.createScratch();
    Object.freeze(this);
  }

  get rateCount(): number {
    return this.catalog.rates.length;
  }

  get prefixCount(): number {
    return this.trie.size;
  }

  /** The longest rated prefix of a dialled number, whatever the time; null if none or not a number. */
  longestPrefix(calledNumber: string): string | null {
    const count = this.trie.match(calledNumber, this.ownScratch.matches);
    return count > 0 ? this.trie.prefixAt(this.ownScratch.matches[count - 1]) : null;
  }

  /** Working memory sized for this plan, for `rateInto`. */
  createScratch(): RatingScratch {
    return new RatingScratch(this, this.catalog.bundles.length, this.trie.maxPrefixLength);
  }

  /** Rates one CDR into a full, self-contained result. `usage` is the bundle units used so far this period. */
  rate(cdr: CallDetailRecord, usage: BundleUsage = NO_BUNDLE_USAGE): RatingResult {
    const scratch = this.ownScratch;
    this.rateInto(scratch, cdr.calledNumber, cdr.startedAtMs, cdr.durationSeconds, usage);
    const matchedPrefix = scratch.prefixNode === NONE ? '' : this.trie.prefixAt(scratch.prefixNode);
    return describeResult(scratch, this.catalog, this.tariffs, { currency: this.currency, matchedPrefix, usage, calledNumber: cdr.calledNumber });
  }

  /**
   * The allocation-free core: rates one CDR into `scratch` and returns whether it was rated. On success
   * scratch.cost holds the cost in nanos and the segments the breakdown; otherwise scratch.outcome says why.
   */
  rateInto(scratch: RatingScratch, calledNumber: string, startedAtMs: number, durationSeconds: number, usage: BundleUsage = NO_BUNDLE_USAGE): boolean {
    // A scratch sized for another plan could be too small for this one's prefixes or bundles.
    if (scratch.owner !== this) throw new Error('this RatingScratch belongs to another plan: use plan.createScratch()');
    scratch.reset(startedAtMs);
    // typeof guards records decoded from JSON: "60" >= 0 would otherwise pass.
    if (typeof durationSeconds !== 'number' || !(durationSeconds >= 0 && durationSeconds <= MAX_CALL_SECONDS)) {
      return scratch.fail(RatingOutcome.InvalidDuration);
    }
    if (typeof startedAtMs !== 'number' || !(startedAtMs >= EARLIEST_START_MS && startedAtMs < LATEST_START_MS)) {
      return scratch.fail(RatingOutcome.InvalidStartTime);
    }
    if (typeof calledNumber !== 'string') return scratch.fail(RatingOutcome.InvalidNumber);
    const durationMs = Math.round(durationSeconds * MS_PER_SECOND);
    scratch.durationMs = durationMs;

    const matchCount = this.trie.match(calledNumber, scratch.matches);
    if (matchCount < 0) return scratch.fail(RatingOutcome.InvalidNumber);
    if (matchCount === 0) return scratch.fail(RatingOutcome.NoMatchingPrefix);

    const calendar = this.calendar;
    calendar.cover(startedAtMs, startedAtMs + durationMs);
    const calendarIndex = calendar.indexAt(startedAtMs);
    if (!this.chooseTariff(scratch, matchCount, calendar.maskAt(calendarIndex))) {
      scratch.failedAtMs = startedAtMs;
      return scratch.fail(RatingOutcome.NoActiveRate);
    }

    const bundles = this.tariffs.bundleCount(scratch.tariffBlock) > 0 ? this.catalog.destinations[scratch.destination].bundles : NO_BUNDLES;
    if (bundles.length > 0) openBundles(scratch, bundles, usage);
    if (!this.billBlocks(scratch, startedAtMs, durationMs, calendarIndex, bundles)) return scratch.fail(RatingOutcome.NoActiveRate);

    // A call wholly paid by bundle units costs nothing, connect fee included (CGRateS issue #181).
    // A zero-second call has no blocks: it is charged its connect fee only (see README).
    if (durationMs > 0 && !scratch.hasMoneySegment()) return true;
    const cost = exactCallCost(scratch, this.tariffs, durationMs > 0);
    if (cost === COST_OUT_OF_RANGE) return scratch.fail(RatingOutcome.CostOutOfRange);
    scratch.cost = cost;
    scratch.connectFee = this.tariffs.connectFee(scratch.headRate);
    return true;
  }

  /**
   * Lays the call's billing blocks into scratch segments, re-reading the rate in force wherever the
   * timings or the destination's tariff version change. False if some part of the call has no rate.
   * (Start and duration come as arguments, not scratch fields: locals stay unboxed in the loop.)
   */
  private billBlocks(scratch: RatingScratch, startedAtMs: number, durationMs: number, calendarIndex: number, bundles: readonly CompiledBundle[]): boolean {
    const calendar = this.calendar;
    const tariffs = this.tariffs;
    const block = scratch.tariffBlock;
    let version = scratch.headVersion;
    let rate = scratch.headRate;
    let position = 0;
    while (position < durationMs) {
      const priceChange = Math.min(calendar.endOf(calendarIndex), tariffs.versionEnd(block, version)) - startedAtMs;
      position = billRun(scratch, tariffs, rate, bundles, position, Math.min(priceChange, durationMs));
      if (position >= durationMs) break;
      const instant = startedAtMs + position;
      calendarIndex = calendar.advance(calendarIndex, instant);
      while (tariffs.versionEnd(block, version) <= instant) version = tariffs.nextVersion(version);
      rate = tariffs.rateFor(version, calendar.maskAt(calendarIndex));
      if (rate === NONE) {
        scratch.failedAtMs = instant;
        return false;
      }
    }
    return true;
  }

  /** Longest prefix first; among destinations sharing it, by weight then name; first with a rate in force. */
  private chooseTariff(scratch: RatingScratch, matchCount: number, activeTimings: number): boolean {
    const trie = this.trie;
    const tariffs = this.tariffs;
    const startedAtMs = scratch.startedAtMs;
    for (let match = matchCount - 1; match >= 0; match--) {
      const node = scratch.matches[match];
      const candidates = trie.candidateCount(node);
      for (let index = 0; index < candidates; index++) {
        const block = trie.candidate(node, index);
        const version = tariffs.versionAt(block, startedAtMs);
        if (version === NONE) continue;
        const rate = tariffs.rateFor(version, activeTimings);
        if (rate === NONE) continue;
        scratch.destination = tariffs.destination(block);
        scratch.tariffBlock = block;
        scratch.prefixNode = node;
        scratch.headVersion = version;
        scratch.headRate = rate;
        return true;
      }
    }
    return false;
  }
}

function openBundles(scratch: RatingScratch, bundles: readonly CompiledBundle[], usage: BundleUsage): void {
  for (const bundle of bundles) {
    const usedSeconds = usage[bundle.id] ?? 0;
    if (!(usedSeconds >= 0)) throw new RangeError(`bundle usage for "${bundle.id}" must be a non-negative number of seconds, got ${usedSeconds}`);
    scratch.bundleRemainingMs[bundle.index] = Math.max(0, bundle.allowanceMs - usedSeconds * MS_PER_SECOND);
    scratch.bundleConsumedMs[bundle.index] = 0;
  }
}

/**
 * Bills the blocks that start in [position, limit) at `rate` (a tariff entry) and returns where the next
 * block starts.
 * The very first block of the call is the initial increment; every later one a subsequent increment.
 */
function billRun(scratch: RatingScratch, rates: TariffTable, rate: number, bundles: readonly CompiledBundle[], position: number, limit: number): number {
  if (position === 0) {
    const initialMs = rates.initialMs(rate);
    payBlocks(scratch, rate, bundles, 0, 1, initialMs);
    position = initialMs;
  }
  if (position < limit) {
    const subsequentMs = rates.subsequentMs(rate);
    const blocks = Math.ceil((limit - position) / subsequentMs);
    payBlocks(scratch, rate, bundles, position, blocks, subsequentMs);
    position += blocks * subsequentMs;
  }
  return position;
}

/** Each block is paid whole by the first bundle with enough units left for it, else with money. */
function payBlocks(scratch: RatingScratch, rate: number, bundles: readonly CompiledBundle[], position: number, blocks: number, blockMs: number): void {
  for (let index = 0; index < bundles.length && blocks > 0; index++) {
    const bundle = bundles[index].index;
    const covered = Math.min(blocks, Math.floor(scratch.bundleRemainingMs[bundle] / blockMs));
    if (covered === 0) continue;
    const billedMs = covered * blockMs;
    scratch.addBilled(rate, bundle, position, billedMs);
    scratch.bundleRemainingMs[bundle] -= billedMs;
    scratch.bundleConsumedMs[bundle] += billedMs;
    position += billedMs;
    blocks -= covered;
  }
  if (blocks > 0) scratch.addBilled(rate, MONEY, position, blocks * blockMs);
}
