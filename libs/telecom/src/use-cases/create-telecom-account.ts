import { randomUUID } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { findAccount, insertAccount, subscriptionBilling, type TelecomAccountView } from '../accounts.repository';
import { assertAccountAmount, nanosPerMinorUnit, type TelecomAccountKind } from '../prepaid-balance';
import { findRatePlan } from '../rate-plans.repository';

export interface CreateTelecomAccountCommand {
  subscriptionId: string;
  ratePlanId: string;
  kind: TelecomAccountKind;
  /** Prepaid: notify below this, in minor units of the plan's currency. */
  lowBalanceThreshold?: number;
  /** Prepaid: suspend the account when the balance is exhausted. */
  suspendAtZero?: boolean;
}

/** The telecom account of a subscription, rated by a plan in the subscription's currency; one per subscription. */
export async function createTelecomAccount(db: TenantDatabase, command: CreateTelecomAccountCommand): Promise<TelecomAccountView> {
  assertAccountAmount('lowBalanceThreshold', command.lowBalanceThreshold ?? 0, 0);
  const id = randomUUID();
  await inTransaction(db.pool, async (client) => {
    const subscription = await subscriptionBilling(client, command.subscriptionId);
    if (!subscription) throw DomainError.validation('subscriptionId', `subscription ${command.subscriptionId} does not exist`);
    const plan = await findRatePlan(client, command.ratePlanId);
    if (!plan) throw DomainError.validation('ratePlanId', `rate plan ${command.ratePlanId} does not exist`);
    if (plan.currency !== subscription.currency) {
      throw DomainError.validation('ratePlanId', `the rate plan is in ${plan.currency} but the subscription is billed in ${subscription.currency}`);
    }
    await insertAccount(client, {
      id,
      subscriptionId: command.subscriptionId,
      customerId: subscription.customerId,
      ratePlanId: command.ratePlanId,
      kind: command.kind,
      currency: plan.currency,
      lowBalanceThresholdNanos: BigInt(command.lowBalanceThreshold ?? 0) * nanosPerMinorUnit(plan.currency),
      suspendAtZero: command.suspendAtZero ?? false,
    });
  });
  return (await findAccount(db.pool, id))!;
}
