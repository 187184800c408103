// The tenant's dunning policy: what the payment-settings API shows and changes, and what
// automatic charges and dunning follow (limits and defaults: libs/domain dunning-policy.ts).
import type { TenantDatabase } from '@nova/tenant-db';
import { DEFAULT_DUNNING_FINAL_ACTION, DomainError, type DunningFinalAction, type DunningPolicy, isDunningFinalAction, reminderDaysProblem, resolveDunningPolicy, retryDelaysProblem } from '@nova/domain';
import { readPaymentSettings, savePaymentSettings } from '../dunning.repository';

/** The policy in force: the tenant's stored settings, the installation's retry schedule where none is stored. */
export async function tenantDunningPolicy(db: TenantDatabase, installationRetryDelaysSeconds: readonly number[]): Promise<DunningPolicy> {
  return resolveDunningPolicy(await readPaymentSettings(db.pool), installationRetryDelaysSeconds);
}

export interface UpdatePaymentSettingsCommand {
  readonly retryDelaysSeconds?: number[];
  readonly finalAction?: DunningFinalAction;
  /** Days from the due date to remind on; [] turns reminders off. */
  readonly reminderDays?: number[];
}

/** Changes what the command gives, checked by the domain's rules (as the DTO is); returns the policy now in force. */
export async function updatePaymentSettings(db: TenantDatabase, command: UpdatePaymentSettingsCommand, installationRetryDelaysSeconds: readonly number[]): Promise<DunningPolicy> {
  const delaysProblem = command.retryDelaysSeconds === undefined ? null : retryDelaysProblem(command.retryDelaysSeconds);
  if (delaysProblem) throw DomainError.validation('retryDelaysSeconds', delaysProblem);
  if (command.finalAction !== undefined && !isDunningFinalAction(command.finalAction)) throw DomainError.validation('finalAction', 'must be past_due or cancel');
  const remindersProblem = command.reminderDays === undefined ? null : reminderDaysProblem(command.reminderDays);
  if (remindersProblem) throw DomainError.validation('reminderDays', remindersProblem);
  const stored = await savePaymentSettings(db.pool, command, DEFAULT_DUNNING_FINAL_ACTION);
  return resolveDunningPolicy(stored, installationRetryDelaysSeconds);
}
