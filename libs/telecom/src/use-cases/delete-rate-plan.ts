import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { countAccountsOnPlan } from '../accounts.repository';
import { deleteRatePlan as deletePlanRow, findRatePlan } from '../rate-plans.repository';

/** Deletes a plan no account uses (its rows go with it); one in use is refused with 409. */
export async function deleteRatePlan(db: TenantDatabase, { planId }: { planId: string }): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    if (!(await findRatePlan(client, planId, true))) throw DomainError.notFound('Rate plan', planId);
    const accounts = await countAccountsOnPlan(client, planId);
    if (accounts > 0) throw DomainError.invalidState(`rate plan ${planId} is used by ${accounts} account(s)`);
    await deletePlanRow(client, planId);
  });
}
