import { DomainError } from '@nova/domain';
import type { RatingPlanData } from '@nova/rating';
import type { TenantDatabase } from '@nova/tenant-db';
import { findRatePlan, loadRatingPlanData, type StoredRatePlan } from '../rate-plans.repository';

export type RatePlanWithRows = StoredRatePlan & Pick<RatingPlanData, 'destinations' | 'rates'>;

/** The plan with its destinations (and their prefixes) and rates. */
export async function getRatePlan(db: TenantDatabase, { planId }: { planId: string }): Promise<RatePlanWithRows> {
  const plan = await findRatePlan(db.pool, planId);
  if (!plan) throw DomainError.notFound('Rate plan', planId);
  const data = await loadRatingPlanData(db.pool, plan);
  return { ...plan, destinations: data.destinations, rates: data.rates };
}
