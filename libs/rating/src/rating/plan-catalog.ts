import { type RatedDestination } from '../plan/build-tariffs';
import { type CompiledBundle } from '../plan/compiled-bundle';
import { type CompiledRate } from '../plan/compiled-rate';

/** The plan's objects by index, for turning the numbers of the hot path into readable results. */
export class PlanCatalog {
  /**
   * Ids and names again as flat string arrays: describing a result then reads one array slot per
   * name instead of loading a whole rate or destination object (a cache miss each, on big plans).
   */
  readonly rateIds: readonly string[];
  readonly destinationNames: readonly string[];

  constructor(
    readonly rates: readonly CompiledRate[],
    readonly destinations: readonly RatedDestination[],
    readonly bundles: readonly CompiledBundle[],
  ) {
    this.rateIds = rates.map((rate) => rate.id);
    this.destinationNames = destinations.map((destination) => destination.name);
  }
}
