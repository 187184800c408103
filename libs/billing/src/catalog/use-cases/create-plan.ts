import { DomainError, planCodeProblem, trialDaysProblem } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { insertPlan, PlanFields, productExists } from '../catalog.repository';
import type { PlanRecord } from '../catalog.types';

export type CreatePlanCommand = PlanFields;

/** A plan with a code not used before (409 on `code` otherwise), optionally under an existing product. */
export async function createPlan(db: TenantDatabase, command: CreatePlanCommand): Promise<PlanRecord> {
  const codeProblem = planCodeProblem(command.code);
  if (codeProblem) throw DomainError.validation('code', codeProblem);
  const trialProblem = command.trialDays === undefined ? null : trialDaysProblem(command.trialDays);
  if (trialProblem) throw DomainError.validation('trialDays', trialProblem);
  if (command.productId && !(await productExists(db.pool, command.productId))) throw DomainError.validation('productId', 'no such product');
  return insertPlan(db.pool, command);
}
