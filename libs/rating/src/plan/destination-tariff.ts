import { type CompiledRate } from './compiled-rate';
import { type CompiledBundle } from './compiled-bundle';

/**
 * The rates of one destination in force from one activation instant on, one per timing, in timing
 * precedence order (highest weight first).
 */
export class TariffVersion {
  constructor(
    private readonly timingMasks: Int32Array,
    private readonly rates: readonly CompiledRate[],
  ) {}

  /** The rate of the highest-precedence timing among those active (`activeTimings` bit mask), or null. */
  rateFor(activeTimings: number): CompiledRate | null {
    for (let index = 0; index < this.rates.length; index++) {
      if ((this.timingMasks[index] & activeTimings) !== 0) return this.rates[index];
    }
    return null;
  }
}

/** Everything rating needs to know about one destination. */
export class DestinationTariff {
  constructor(
    readonly name: string,
    readonly weight: number,
    /** Activation instants, ascending; version i applies from versionStarts[i] until versionStarts[i + 1]. */
    private readonly versionStarts: Float64Array,
    private readonly versions: readonly TariffVersion[],
    /** Bundles whose units can pay for calls to this destination, in consumption order. */
    readonly bundles: readonly CompiledBundle[],
  ) {}

  /** Index of the version in force at `utcMs`, or -1 before the first activation. */
  versionIndexAt(utcMs: number): number {
    let index = this.versionStarts.length - 1;
    while (index >= 0 && this.versionStarts[index] > utcMs) index--;
    return index;
  }

  version(index: number): TariffVersion {
    return this.versions[index];
  }

  /** Instant at which version `index` is superseded, or Infinity. */
  endOfVersion(index: number): number {
    return index + 1 < this.versionStarts.length ? this.versionStarts[index + 1] : Infinity;
  }

  /** Orders destinations competing for one prefix: higher weight, then smaller name. */
  static byPrecedence(a: DestinationTariff, b: DestinationTariff): number {
    return b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }
}
