import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectPlansWithPrices } from '../catalog.repository';
import type { PlanWithPrices, PriceRecord } from '../catalog.types';

export async function getPlan(db: TenantDatabase, id: string): Promise<PlanWithPrices> {
  const [plan] = await selectPlansWithPrices(db.pool, id);
  if (!plan) throw DomainError.notFound('Plan', id);
  return plan;
}

/** Newest first, each with its prices oldest first. */
export function listPlans(db: TenantDatabase): Promise<PlanWithPrices[]> {
  return selectPlansWithPrices(db.pool);
}

/** The plan's prices, oldest first; 404 for an unknown plan. */
export async function listPlanPrices(db: TenantDatabase, planId: string): Promise<PriceRecord[]> {
  return (await getPlan(db, planId)).prices;
}
