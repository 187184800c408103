// A credit note issued through the API: invoicing writes the note (the invoice's amount due
// lowered, the rest credited to the balance), and when that pays the invoice off the same
// follow-up as any payment runs in the same transaction (its dunning recovered, a past-due
// subscription active again). Collection owns that follow-up, so this is where the two meet.
import { inTransaction } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CreditNoteRecord, type IssueCreditNoteCommand, issueCreditNoteWithin } from '../../invoicing';
import { applyInvoicePaidEffects } from '../invoice-paid';

export async function issueCreditNote(db: TenantDatabase, command: IssueCreditNoteCommand, at = new Date()): Promise<CreditNoteRecord> {
  return inTransaction(db.pool, async (client) => {
    const { note, paidInvoice } = await issueCreditNoteWithin(client, command, at);
    if (paidInvoice) await applyInvoicePaidEffects(client, paidInvoice);
    return note;
  });
}
