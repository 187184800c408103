// What follows from an invoice becoming paid, however it was paid: a provider's confirmed
// payment (settlement) or a payment an admin records by hand (recordOfflinePayment). One
// function, so the two cannot drift apart again.
import type { PoolClient } from 'pg';
import { recoverSubscription } from '../subscriptions';
import { markDunningRecovered } from './dunning.repository';

export interface InvoicePaidEffects {
  /** The invoice's automatic collection stopped as recovered. */
  readonly dunningRecovered: boolean;
  /** Its past-due subscription is active again. */
  readonly subscriptionReactivated: boolean;
}

/**
 * Runs in the caller's transaction, right after the invoice became `paid`: its dunning ends
 * as recovered, and a past-due subscription goes back to active through the state machine (a
 * subscription in any other status is left as it is: paying never revives a canceled one).
 */
export async function applyInvoicePaidEffects(client: PoolClient, invoice: { id: string; subscriptionId: string | null }): Promise<InvoicePaidEffects> {
  const dunningRecovered = await markDunningRecovered(client, invoice.id);
  const subscriptionReactivated = invoice.subscriptionId ? await recoverSubscription(client, invoice.subscriptionId) : false;
  return { dunningRecovered, subscriptionReactivated };
}
