// Dunning: one automatic charge attempt of an invoice and what follows from its outcome. A
// declined charge is retried on the tenant's schedule (the worker hands the retry to BullMQ's
// `dunning` backoff), the customer is told at each step, and after the last attempt the invoice
// becomes uncollectible (invoicing) and the subscription past due or canceled (subscriptions),
// as the tenant's policy says.
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { PaymentsConfig } from '@nova/config';
import { DEFAULT_DUNNING_FINAL_ACTION, type DunningFinalAction, InvalidTransitionError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { markInvoiceUncollectible } from '../../invoicing';
import { cancelSubscription, markSubscriptionPastDue } from '../../subscriptions';
import { markDunningRecovered, recordDeclinedDunningAttempt, recordDunningAttempt } from '../dunning.repository';
import { type ChargeOutcome, ChargeSavedMethod } from './charge-saved-method';
import { NotifyPaymentFailure } from './notify-payment-failure';
import { tenantDunningPolicy } from './payment-settings';

export interface DunningAttemptCommand {
  readonly invoiceId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The first attempt and every retry. */
  readonly maxAttempts: number;
  /** Delay before each retry, as scheduled when the charge was enqueued. */
  readonly retryDelaysMs: readonly number[];
  /** When the attempt happens: the wall clock (default), or a test clock's frozen time (its retries are due from then). */
  readonly now?: Date;
}

export type DunningStep =
  /** Nothing to charge any more (paid, voided, no saved method): collection ends as recovered. */
  | { readonly kind: 'stopped' }
  /** Charged (or pending at the provider): settlement does the rest. */
  | { readonly kind: 'charged' }
  /** Declined; tried again at `nextAttemptAt`. */
  | { readonly kind: 'retry'; readonly nextAttemptAt: Date }
  /** Declined for the last time: the invoice was given up on. */
  | { readonly kind: 'exhausted'; readonly finalOutcome: string };

/**
 * Records an attempt's outcome in the invoice's dunning and, after the last declined attempt,
 * gives up on the invoice as `finalAction` says. The charge itself happened before (ChargeSavedMethod).
 */
export async function recordDunningOutcome(
  db: TenantDatabase,
  command: DunningAttemptCommand & { readonly finalAction: DunningFinalAction },
  outcome: ChargeOutcome,
  now: Date = new Date(),
): Promise<DunningStep> {
  const { invoiceId, attempt } = command;
  if (outcome.status === 'skipped') {
    await markDunningRecovered(db.pool, invoiceId, true);
    return { kind: 'stopped' };
  }
  if (outcome.status !== 'failed') {
    await recordDunningAttempt(db.pool, invoiceId, attempt);
    return { kind: 'charged' };
  }
  const isLast = attempt >= command.maxAttempts;
  const nextAttemptAt = isLast ? null : new Date(now.getTime() + (command.retryDelaysMs[attempt - 1] ?? 0));
  const givenUp = await inTransaction(db.pool, async (client) => {
    await recordDeclinedDunningAttempt(client, invoiceId, { attempt, reason: outcome.reason, nextAttemptAt });
    return isLast ? markInvoiceUncollectible(client, invoiceId) : null;
  });
  if (nextAttemptAt) return { kind: 'retry', nextAttemptAt };
  return { kind: 'exhausted', finalOutcome: await applyFinalAction(db, givenUp?.subscriptionId ?? null, command.finalAction) };
}

/** What happens to the subscription of an invoice given up on; the phrase tells the customer. */
async function applyFinalAction(db: TenantDatabase, subscriptionId: string | null, finalAction: DunningFinalAction): Promise<string> {
  if (!subscriptionId) return 'nothing else changes';
  if (finalAction === 'cancel') {
    // The same use case as the API's cancel; one canceled meanwhile (by an admin) stays as it is.
    await cancelSubscription(db, { subscriptionId, atPeriodEnd: false }).catch((error: unknown) => {
      if (!(error instanceof InvalidTransitionError)) throw error;
    });
    return 'your subscription has been cancelled';
  }
  await markSubscriptionPastDue(db, subscriptionId);
  return 'your subscription is past due';
}

@Injectable()
export class RunDunningAttempt {
  constructor(
    private readonly db: TenantDb,
    private readonly charge: ChargeSavedMethod,
    private readonly notifyFailure: NotifyPaymentFailure,
    private readonly config: PaymentsConfig,
  ) {}

  async execute(command: DunningAttemptCommand): Promise<{ outcome: ChargeOutcome; step: DunningStep }> {
    const outcome = await this.charge.execute({ invoiceId: command.invoiceId, attempt: command.attempt, at: command.now });
    const db = await this.db.connection();
    // The final action matters only once the last attempt was declined; read it then (as configured now, not at enqueue time).
    const lastDeclined = outcome.status === 'failed' && command.attempt >= command.maxAttempts;
    const { finalAction } = lastDeclined ? await tenantDunningPolicy(db, this.config.retryDelaysSeconds) : { finalAction: DEFAULT_DUNNING_FINAL_ACTION };
    const step = await recordDunningOutcome(db, { ...command, finalAction }, outcome, command.now);
    if (step.kind === 'retry') await this.notifyFailure.execute({ invoiceId: command.invoiceId, nextAttemptAt: step.nextAttemptAt });
    if (step.kind === 'exhausted') await this.notifyFailure.execute({ invoiceId: command.invoiceId, finalOutcome: step.finalOutcome });
    return { outcome, step };
  }
}
