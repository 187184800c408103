// Stripe's `invoice.overdue`: recorded exactly once per invoice, when an open invoice passes its due date unpaid.
// overdue_noticed_at is a marker, not a status (the invoice stays open and payable), so no state machine is involved.
import type { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { OVERDUE_INVOICE_STATUSES } from '@nova/domain';
import { markInvoicesOverdue } from '../invoices.repository';
import { recordInvoiceEvents } from '../invoice-resource';

/**
 * Records invoice.overdue for every invoice overdue at `asOf` (isInvoiceOverdue) not noticed before, in batches of
 * `batchSize`: each batch marks its invoices and writes their events in one transaction, so an event exists exactly
 * when its marker does and a re-run (or a concurrent one) records nothing twice. Returns how many were noticed.
 */
export async function noticeOverdueInvoices(pool: Pool, asOf: Date, batchSize = 500): Promise<number> {
  let noticed = 0;
  for (;;) {
    const batch = await inTransaction(pool, async (client) => {
      const ids = await markInvoicesOverdue(client, asOf, OVERDUE_INVOICE_STATUSES, batchSize);
      await recordInvoiceEvents(client, ids, () => ['invoice.overdue']);
      return ids.length;
    });
    noticed += batch;
    if (batch < batchSize) return noticed;
  }
}
