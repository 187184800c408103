// What follows from an invoice becoming paid, however it was paid: a provider's confirmed
// payment (settlement) or a payment an admin records by hand (mark paid). One function, so the
// two cannot drift apart again.
import type { PoolClient } from 'pg';
import { recoverSubscription } from '../subscriptions';

export interface InvoicePaidEffects {
  /** The invoice's automatic collection stopped as recovered. */
  readonly dunningRecovered: boolean;
  /** Its past-due subscription is active again. */
  readonly subscriptionReactivated: boolean;
}

/**
 * Runs in the caller's transaction, right after the invoice was set to `paid`: its dunning ends
 * as recovered, and a past-due subscription goes back to active through the state machine (a
 * subscription in any other status is left as it is: paying never revives a canceled one).
 */
export async function applyInvoicePaidEffects(client: PoolClient, invoice: { id: string; subscriptionId: string | null }): Promise<InvoicePaidEffects> {
  const dunning = await client.query(
    `UPDATE invoice_dunning SET status = 'recovered', next_attempt_at = NULL, updated_at = now() WHERE invoice_id = $1 AND status <> 'recovered'`,
    [invoice.id],
  );
  const subscriptionReactivated = invoice.subscriptionId ? await recoverSubscription(client, invoice.subscriptionId) : false;
  return { dunningRecovered: (dunning.rowCount ?? 0) > 0, subscriptionReactivated };
}
