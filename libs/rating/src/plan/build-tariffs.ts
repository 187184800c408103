import { CompiledTiming } from '../time/timing';
import { type CompiledBundle } from './compiled-bundle';
import { type CompiledRate } from './compiled-rate';
import { type TariffTable, TariffTableBuilder, type TariffVersionSpec } from './tariff-table';

export interface DestinationDefinition {
  name: string;
  weight: number;
}

/** What results need to know about a rated destination; indexed by the tariff block's destination index. */
export interface RatedDestination {
  name: string;
  weight: number;
  /** Bundles whose units can pay for calls to it, in consumption order. */
  bundles: readonly CompiledBundle[];
  /** Offset of its tariff block. */
  block: number;
}

/**
 * Builds each rated destination's tariff. Every distinct activation instant of its rates starts a
 * version holding, per timing, the latest rate activated at or before that instant; so a later-dated
 * rate replaces an earlier one for its timing only, and only from its own activation on.
 * Destinations without rates are left out: a number matching only them falls back to shorter prefixes.
 * `rates` must be the plan's rate list: a rate's index there is its index in the rate table.
 */
export function buildTariffs(
  destinations: readonly DestinationDefinition[],
  rates: readonly CompiledRate[],
  bundlesByDestination: ReadonlyMap<string, CompiledBundle[]>,
): { table: TariffTable; rated: RatedDestination[]; byName: Map<string, RatedDestination> } {
  const rateIndexes = new Map<string, number[]>();
  rates.forEach((rate, index) => {
    const list = rateIndexes.get(rate.destination);
    if (list) list.push(index);
    else rateIndexes.set(rate.destination, [index]);
  });
  const builder = new TariffTableBuilder();
  const rated: RatedDestination[] = [];
  const byName = new Map<string, RatedDestination>();
  for (const destination of destinations) {
    const indexes = rateIndexes.get(destination.name);
    if (!indexes) continue;
    const versions = versionsOf(rates, indexes);
    const bundles = bundlesByDestination.get(destination.name) ?? [];
    const info: RatedDestination = { ...destination, bundles, block: builder.add(rated.length, bundles.length, versions) };
    rated.push(info);
    byName.set(destination.name, info);
  }
  return { table: builder.build(), rated, byName };
}

function versionsOf(rates: readonly CompiledRate[], indexes: readonly number[]): TariffVersionSpec[] {
  const first = rates[indexes[0]].activeFromMs;
  if (indexes.every((index) => rates[index].activeFromMs === first)) {
    // The usual case, one activation: a single version with every rate (at most one per timing).
    const ordered = [...indexes].sort((a, b) => CompiledTiming.byPrecedence(rates[a].timing, rates[b].timing));
    return [{ activeFromMs: first, rates: ordered.map((index) => ({ rate: rates[index], index })) }];
  }
  const starts = [...new Set(indexes.map((index) => rates[index].activeFromMs))].sort((a, b) => a - b);
  return starts.map((start) => versionAt(rates, indexes, start));
}

function versionAt(rates: readonly CompiledRate[], indexes: readonly number[], instant: number): TariffVersionSpec {
  const latestByTiming = new Map<CompiledTiming, number>();
  for (const index of indexes) {
    const rate = rates[index];
    if (rate.activeFromMs > instant) continue;
    const current = latestByTiming.get(rate.timing);
    if (current === undefined || rate.activeFromMs > rates[current].activeFromMs) latestByTiming.set(rate.timing, index);
  }
  const ordered = [...latestByTiming].sort(([a], [b]) => CompiledTiming.byPrecedence(a, b));
  return { activeFromMs: instant, rates: ordered.map(([, index]) => ({ rate: rates[index], index })) };
}

/** Orders destinations competing for one prefix: higher weight, then smaller name in code-unit order. */
export function destinationPrecedence(a: RatedDestination, b: RatedDestination): number {
  return b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
