import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { deletePlanWithPrices, planExists } from '../catalog.repository';

/** Plans that were ever subscribed to are archived (active=false), never deleted. */
export async function deletePlan(db: TenantDatabase, id: string): Promise<void> {
  if (!(await planExists(db.pool, id))) throw DomainError.notFound('Plan', id);
  await deletePlanWithPrices(db.pool, id);
}
