import { DomainError, trialDaysProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { updateMergingMetadata } from '@nova/common';
import { PlanFields, lockCatalogMetadata, updatePlanRow } from '../catalog.repository';
import type { PlanRecord } from '../catalog.types';

/** The fields given change; the others stay. The code never changes. `active: false` stops selling the plan. `metadata` merges (keys set, an empty string removes one). */
export interface UpdatePlanCommand extends Partial<Omit<PlanFields, 'code'>> {
  id: string;
}

/** An unknown productId is refused by the database's foreign key, as a 400 on `productId`. */
export async function updatePlan(db: TenantDatabase, { id, ...changes }: UpdatePlanCommand): Promise<PlanRecord> {
  const trialProblem = changes.trialDays === undefined ? null : trialDaysProblem(changes.trialDays);
  if (trialProblem) throw DomainError.validation('trialDays', trialProblem);
  const plan = await updateMergingMetadata(
    db.pool,
    changes.metadata,
    (client) => lockCatalogMetadata(client, 'plans', id),
    (client, metadata) => updatePlanRow(client, id, { ...changes, metadata }),
  );
  if (!plan) throw DomainError.notFound('Plan', id);
  return plan;
}
