import { updateMergingMetadata } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { InvoiceRecord, lockInvoiceMetadata, saveInvoiceMetadata } from '../invoices.repository';

/** Merges metadata into an invoice of any status (keys given are set, a key given "" is removed): it is the tenant's, not the invoice's content. */
export async function updateInvoiceMetadata(db: TenantDatabase, command: { invoiceId: string; metadata: Record<string, unknown> }): Promise<InvoiceRecord> {
  const invoice = await updateMergingMetadata(
    db.pool,
    command.metadata,
    (client) => lockInvoiceMetadata(client, command.invoiceId),
    (client, metadata) => saveInvoiceMetadata(client, command.invoiceId, metadata!),
  );
  if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
  return invoice;
}
