import { Page, PageRequest, resolveWindow, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { InvoiceFilter, InvoiceRecord, invoicePosition, listInvoiceRecords } from '../invoices.repository';

export type ListInvoicesCommand = PageRequest & InvoiceFilter;

/** A keyset page of the tenant's invoices, newest first; a foreign cursor is a 400 on `cursor`. */
export async function listInvoices(db: TenantDatabase, query: ListInvoicesCommand): Promise<Page<InvoiceRecord>> {
  const window = await resolveWindow(query, (id) => invoicePosition(db.pool, id));
  return toPage(await listInvoiceRecords(db.pool, query, window), query.limit, undefined, window);
}
