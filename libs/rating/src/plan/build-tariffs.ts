import { CompiledTiming } from '../time/timing';
import { type CompiledBundle } from './compiled-bundle';
import { type CompiledRate } from './compiled-rate';
import { DestinationTariff, TariffVersion } from './destination-tariff';

export interface DestinationDefinition {
  name: string;
  weight: number;
}

/**
 * Builds each rated destination's versions. Every distinct activation instant of its rates starts a
 * version holding, per timing, the latest rate activated at or before that instant; so a later-dated
 * rate replaces an earlier one for its timing only from its own activation on.
 * Destinations without rates are left out: a number matching only them falls back to shorter prefixes.
 */
export function buildTariffs(
  destinations: readonly DestinationDefinition[],
  rates: readonly CompiledRate[],
  bundlesByDestination: ReadonlyMap<string, CompiledBundle[]>,
): Map<string, DestinationTariff> {
  const ratesByDestination = new Map<string, CompiledRate[]>();
  for (const rate of rates) {
    const list = ratesByDestination.get(rate.destination);
    if (list) list.push(rate);
    else ratesByDestination.set(rate.destination, [rate]);
  }
  const tariffs = new Map<string, DestinationTariff>();
  for (const destination of destinations) {
    const destinationRates = ratesByDestination.get(destination.name);
    if (!destinationRates) continue;
    const starts = [...new Set(destinationRates.map((rate) => rate.activeFromMs))].sort((a, b) => a - b);
    const versions = starts.map((start) => versionAt(destinationRates, start));
    const bundles = bundlesByDestination.get(destination.name) ?? [];
    tariffs.set(destination.name, new DestinationTariff(destination.name, destination.weight, Float64Array.from(starts), versions, bundles));
  }
  return tariffs;
}

function versionAt(rates: readonly CompiledRate[], instant: number): TariffVersion {
  const latestByTiming = new Map<CompiledTiming, CompiledRate>();
  for (const rate of rates) {
    if (rate.activeFromMs > instant) continue;
    const current = latestByTiming.get(rate.timing);
    if (!current || rate.activeFromMs > current.activeFromMs) latestByTiming.set(rate.timing, rate);
  }
  const ordered = [...latestByTiming.values()].sort((a, b) => CompiledTiming.byPrecedence(a.timing, b.timing));
  return new TariffVersion(Int32Array.from(ordered, (rate) => rate.timing.mask), ordered);
}
