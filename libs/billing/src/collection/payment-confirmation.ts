// Settle only what the provider confirms. Where a webhook's authentication does not cover what a
// payer can forge (Flutterwave's static verif-hash, metadata a payer sets in Paystack's inline
// checkout, M-Pesa's unsigned callbacks), the adapter's confirmPayment asks the provider's API
// before anything settles, and the provider's answer, not the webhook's, is what settles.
// Called by the worker outside any transaction (a network call never holds a row lock).

import { Injectable } from '@nestjs/common';
import type { VerifiedTransaction } from '@nova/payments';
import { ProviderAccounts } from './provider-accounts';
import { SettlementDeferredError, SettlementRejectedError, type StoredWebhookEvent } from './settlement';

/** Replaces a payment event's claims by the provider's confirmed facts (see confirmedEvent). */
export type ConfirmEvent = (event: StoredWebhookEvent) => Promise<StoredWebhookEvent>;

/**
 * The event as the provider confirms it. A confirmation that cannot be made (no such transaction,
 * the API erroring or unreachable, the payment not successful yet) is a SettlementDeferredError:
 * the event stays stored and is retried. A confirmation naming another payment is a forgery:
 * SettlementRejectedError. Amount and currency come from the provider's answer; the settlement
 * rules (invoice currency, at most what is due) then apply to them.
 */
export function confirmedEvent(event: StoredWebhookEvent, provider: string, verified: VerifiedTransaction): StoredWebhookEvent {
  if (verified.providerReference !== event.provider_reference) {
    throw new SettlementRejectedError(`${provider} confirms transaction ${verified.providerReference}, not ${event.provider_reference} as the webhook claims`);
  }
  if (verified.status !== 'succeeded') throw new SettlementDeferredError(`${provider} reports ${event.provider_reference} as ${verified.status}, not paid`);
  // M-Pesa's STK query reports no amount: the callback's stands, capped by the settlement rules.
  const amount = verified.amountMinor ?? (event.amount === null ? null : BigInt(event.amount));
  if (amount === null) throw new SettlementDeferredError(`${provider} confirmed ${event.provider_reference} without an amount`);
  return { ...event, amount: amount.toString(), currency: verified.currency };
}

@Injectable()
export class PaymentConfirmations {
  constructor(private readonly accounts: ProviderAccounts) {}

  /** Confirms payment.succeeded events with providers that need it; other events pass as they are. */
  readonly confirm: ConfirmEvent = async (event) => {
    if (event.type !== 'payment.succeeded') return event;
    const { adapter } = await this.accounts.get(event.account_id);
    if (!adapter.confirmPayment) return event;
    let verified: VerifiedTransaction;
    try {
      verified = await adapter.confirmPayment({ providerReference: event.provider_reference, providerTransactionId: event.provider_transaction_id ?? undefined });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SettlementDeferredError(`${adapter.name} could not confirm ${event.provider_reference}: ${reason}`);
    }
    return confirmedEvent(event, adapter.name, verified);
  };
}
