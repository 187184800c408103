import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { planExists, planPosition, pricePosition, selectPlanPage, selectPlanWithPrices, selectPricePage } from '../catalog.repository';
import type { PlanWithPrices, PriceRecord } from '../catalog.types';

export async function getPlan(db: TenantDatabase, id: string): Promise<PlanWithPrices> {
  const plan = await selectPlanWithPrices(db.pool, id);
  if (!plan) throw DomainError.notFound('Plan', id);
  return plan;
}

/** Newest first, one keyset page at a time, each with its prices oldest first. */
export async function listPlans(db: TenantDatabase, request: PageRequest): Promise<Page<PlanWithPrices>> {
  const window = await resolveWindow(request, (id) => planPosition(db.pool, id));
  return toPage(await selectPlanPage(db.pool, window), request.limit, undefined, window);
}

/** The plan's prices, newest first, one keyset page at a time; 404 for an unknown plan. */
export async function listPlanPrices(db: TenantDatabase, planId: string, request: PageRequest): Promise<Page<PriceRecord>> {
  if (!(await planExists(db.pool, planId))) throw DomainError.notFound('Plan', planId);
  const window = await resolveWindow(request, (id) => pricePosition(db.pool, planId, id));
  return toPage(await selectPricePage(db.pool, planId, window), request.limit, undefined, window);
}
