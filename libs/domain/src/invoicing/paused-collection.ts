// The invoices of a paused subscription's periods (Stripe's pause_collection): still issued, so the paused time is
// on record and never billed twice, but never collected. Which state each starts in is the invoice machine's.
import type { PauseBehavior } from '../subscriptions/plan-change';
import { type InvoiceState, transitionInvoice } from './state';

/**
 * The state an invoice of `total` is issued in while collection is paused with `behavior`: keep_as_draft leaves it a
 * draft (not payable, not charged or reminded; it can be voided later), mark_uncollectible finalizes it and writes
 * it off at once (the customer may still pay it; a zero invoice is simply paid), void cancels it.
 */
export function invoiceStateWhileCollectionPaused(behavior: PauseBehavior, total: bigint, at: Date): InvoiceState {
  const draft: InvoiceState = { status: 'draft', amountDue: total, amountPaid: 0n, paidAt: null, voidedAt: null };
  switch (behavior) {
    case 'keep_as_draft':
      return draft;
    case 'mark_uncollectible': {
      const finalized = transitionInvoice(draft, { type: 'finalize' });
      return finalized.status === 'open' ? transitionInvoice(finalized, { type: 'mark_uncollectible' }) : { ...finalized, paidAt: at };
    }
    case 'void':
      return transitionInvoice(draft, { type: 'void', at });
    default: {
      const unknown: never = behavior;
      throw new Error(`Unknown pause behavior ${String(unknown)}`);
    }
  }
}
