import { type CompiledRate } from './compiled-rate';

// Every rated destination's tariff, packed block after block in one Float64Array. A block is found by
// its offset (stored directly in the prefix trie) and each entry carries its rate's terms, so rating a
// call reads one short run of contiguous cells instead of chasing object pointers across the heap.
//
//   block:    [end offset, destination index, bundle count, version, version, ...]
//   version:  [active from (UTC ms), entry count, entry, entry, ...]
//   entry:    [timing mask, rate index, initial ms, subsequent ms, per-second numerator,
//              per-second denominator, connect fee, min cost, max cost, rounding step, rounding code]
//
// Versions are in activation order; a version's entries are in timing precedence order (highest weight
// first), one per timing the destination has a rate for. Rating code refers to a rate by the offset of
// its entry, which is what `rateFor` returns.

const BLOCK_END = 0;
const BLOCK_DESTINATION = 1;
const BLOCK_BUNDLES = 2;
const BLOCK_FIRST_VERSION = 3;
const VERSION_ACTIVE_FROM = 0;
const VERSION_ENTRY_COUNT = 1;
const VERSION_FIRST_ENTRY = 2;
const ENTRY_SIZE = 11;
const TIMING_MASK = 0;
const RATE_INDEX = 1;
const INITIAL_MS = 2;
const SUBSEQUENT_MS = 3;
const PER_SECOND_NUMERATOR = 4;
const PER_SECOND_DENOMINATOR = 5;
const CONNECT_FEE = 6;
const MIN_COST = 7;
const MAX_COST = 8;
const ROUNDING_STEP = 9;
const ROUNDING_CODE = 10;

export const NONE = -1;
/** Stored for an absent minimum or maximum; costs are never negative. */
export const NO_LIMIT = -1;

export interface TariffVersionSpec {
  activeFromMs: number;
  /** The rates in force, in timing precedence order, with their index in the plan's rate list. */
  rates: readonly { rate: CompiledRate; index: number }[];
}

export class TariffTable {
  constructor(private readonly cells: Float64Array) {}

  destination(block: number): number {
    return this.cells[block + BLOCK_DESTINATION];
  }

  bundleCount(block: number): number {
    return this.cells[block + BLOCK_BUNDLES];
  }

  /** Position of the version in force at `utcMs`, or NONE before the first activation. */
  versionAt(block: number, utcMs: number): number {
    const cells = this.cells;
    const end = cells[block + BLOCK_END];
    let found = NONE;
    for (let version = block + BLOCK_FIRST_VERSION; version < end; version = nextVersion(cells, version)) {
      if (cells[version + VERSION_ACTIVE_FROM] > utcMs) break;
      found = version;
    }
    return found;
  }

  /** Instant at which `version` is superseded, or Infinity. */
  versionEnd(block: number, version: number): number {
    const next = nextVersion(this.cells, version);
    return next < this.cells[block + BLOCK_END] ? this.cells[next + VERSION_ACTIVE_FROM] : Infinity;
  }

  /** The version following `version` (call only when versionEnd is finite). */
  nextVersion(version: number): number {
    return nextVersion(this.cells, version);
  }

  /** Entry of the highest-precedence timing among the active ones (bit mask), or NONE. */
  rateFor(version: number, activeTimings: number): number {
    const cells = this.cells;
    const first = version + VERSION_FIRST_ENTRY;
    const end = first + ENTRY_SIZE * cells[version + VERSION_ENTRY_COUNT];
    for (let entry = first; entry < end; entry += ENTRY_SIZE) {
      if ((cells[entry + TIMING_MASK] & activeTimings) !== 0) return entry;
    }
    return NONE;
  }

  /** Index of the entry's rate in the plan's rate list. */
  rateIndex(entry: number): number {
    return this.cells[entry + RATE_INDEX];
  }

  initialMs(entry: number): number {
    return this.cells[entry + INITIAL_MS];
  }

  subsequentMs(entry: number): number {
    return this.cells[entry + SUBSEQUENT_MS];
  }

  /** Price of one billed second: perSecondNumerator / perSecondDenominator nanos, reduced. */
  perSecondNumerator(entry: number): number {
    return this.cells[entry + PER_SECOND_NUMERATOR];
  }

  perSecondDenominator(entry: number): number {
    return this.cells[entry + PER_SECOND_DENOMINATOR];
  }

  connectFee(entry: number): number {
    return this.cells[entry + CONNECT_FEE];
  }

  minCost(entry: number): number {
    return this.cells[entry + MIN_COST];
  }

  maxCost(entry: number): number {
    return this.cells[entry + MAX_COST];
  }

  roundingStep(entry: number): number {
    return this.cells[entry + ROUNDING_STEP];
  }

  roundingCode(entry: number): number {
    return this.cells[entry + ROUNDING_CODE];
  }
}

function nextVersion(cells: Float64Array, version: number): number {
  return version + VERSION_FIRST_ENTRY + ENTRY_SIZE * cells[version + VERSION_ENTRY_COUNT];
}

/** Appends blocks; returns each block's offset. */
export class TariffTableBuilder {
  private readonly cells: number[] = [];

  add(destination: number, bundleCount: number, versions: readonly TariffVersionSpec[]): number {
    const block = this.cells.length;
    this.cells.push(0, destination, bundleCount);
    for (const version of versions) {
      this.cells.push(version.activeFromMs, version.rates.length);
      for (const { rate, index } of version.rates) {
        this.cells.push(
          rate.timing.mask,
          index,
          rate.initialMs,
          rate.subsequentMs,
          rate.perSecondNumerator,
          rate.perSecondDenominator,
          rate.connectFee,
          rate.minCost ?? NO_LIMIT,
          rate.maxCost ?? NO_LIMIT,
          rate.roundingStep,
          rate.roundingCode,
        );
      }
    }
    this.cells[block + BLOCK_END] = this.cells.length;
    return block;
  }

  build(): TariffTable {
    return new TariffTable(Float64Array.from(this.cells));
  }
}
