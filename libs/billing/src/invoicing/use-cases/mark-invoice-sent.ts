// The worker e-mailed the invoice: record when, so the tenant sees it went out.
import type { TenantDatabase } from '@nova/tenant-db';
import { saveInvoiceSentAt } from '../invoices.repository';

export interface MarkInvoiceSentCommand {
  readonly invoiceId: string;
  readonly at?: Date;
}

/**
 * sentAt is not a status (any invoice may be e-mailed again, even a paid one), so no state
 * machine is involved. Returns false when the invoice was deleted meanwhile: the e-mail is out,
 * retrying would send it twice.
 */
export function markInvoiceSent(db: TenantDatabase, command: MarkInvoiceSentCommand): Promise<boolean> {
  return saveInvoiceSentAt(db.pool, command.invoiceId, command.at ?? new Date());
}
