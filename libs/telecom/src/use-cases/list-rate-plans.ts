import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type ListedRatePlan, listRatePlans as listPlans, ratePlanPosition } from '../rate-plans.repository';

/** Rate plans newest first, one keyset page at a time, with how many destinations and rates each holds. */
export async function listRatePlans(db: TenantDatabase, request: PageRequest): Promise<Page<ListedRatePlan>> {
  const window = await resolveWindow(request, (id) => ratePlanPosition(db.pool, id));
  const page = toPage(await listPlans(db.pool, window), request.limit, (row) => row.key, window);
  return { ...page, data: page.data.map((row) => row.plan) };
}
