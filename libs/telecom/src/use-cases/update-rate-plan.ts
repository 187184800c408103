import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { DestinationData, RateData } from '@nova/rating';
import type { TenantDatabase } from '@nova/tenant-db';
import { assertCompiles } from '../plan-errors';
import { findRatePlan, loadRatingPlanData, type RatePlanSettings, replacePlanRows, type StoredRatePlan, updateRatePlanSettings } from '../rate-plans.repository';

/** What changes; the currency of a plan never does (accounts are billed in it). */
export interface UpdateRatePlanCommand extends Partial<Omit<RatePlanSettings, 'currency'>> {
  planId: string;
  destinations?: DestinationData[];
  rates?: RateData[];
}

/** Changes settings and, when given, replaces destinations or rates; the result must still compile. */
export async function updateRatePlan(db: TenantDatabase, { planId, ...change }: UpdateRatePlanCommand): Promise<StoredRatePlan> {
  return inTransaction(db.pool, async (client) => {
    const current = await findRatePlan(client, planId, true);
    if (!current) throw DomainError.notFound('Rate plan', planId);
    const settings: RatePlanSettings = {
      name: change.name ?? current.name,
      currency: current.currency,
      timezone: change.timezone ?? current.timezone,
      rounding: change.rounding ?? current.rounding,
      timings: change.timings ?? current.timings,
      bundles: change.bundles ?? current.bundles,
    };
    const rows = await loadRatingPlanData(client, current);
    const destinations = change.destinations ?? rows.destinations;
    const rates = change.rates ?? rows.rates;
    assertCompiles({ id: planId, ...settings, destinations, rates });
    await updateRatePlanSettings(client, planId, settings);
    if (change.destinations || change.rates) await replacePlanRows(client, planId, destinations, rates);
    return (await findRatePlan(client, planId))!;
  });
}
