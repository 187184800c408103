import { Page, PageRequest, decodeCursor, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { InvoiceFilter, InvoiceRecord, listInvoiceRecords } from '../invoices.repository';

export type ListInvoicesCommand = PageRequest & InvoiceFilter;

/** A keyset page of the tenant's invoices, newest first; a foreign cursor is a 400 on `cursor`. */
export async function listInvoices(db: TenantDatabase, query: ListInvoicesCommand): Promise<Page<InvoiceRecord>> {
  const rows = await listInvoiceRecords(db.pool, query, decodeCursor(query.cursor), query.limit + 1);
  return toPage(rows, query.limit);
}
