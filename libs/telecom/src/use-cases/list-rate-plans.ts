import type { TenantDatabase } from '@nova/tenant-db';
import { listRatePlans as listPlans, type StoredRatePlan } from '../rate-plans.repository';

/** Every plan by name, with how many destinations and rates it holds. */
export function listRatePlans(db: TenantDatabase): Promise<(StoredRatePlan & { destinationCount: number; rateCount: number })[]> {
  return listPlans(db.pool);
}
