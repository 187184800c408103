import { DomainError, summarizeTaxLines, type TaxLineAmount } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { InvoiceLineRecord, InvoiceRecord, findInvoice, findInvoiceLines } from '../invoices.repository';

export type InvoiceWithLines = InvoiceRecord & {
  lines: InvoiceLineRecord[];
  /** Tax per component and rate across the lines (CGST 9 %, SGST 9 % …): taxable value and tax. */
  taxSummary: TaxLineAmount[];
};

/** One invoice with its lines in print order and its tax summary; unknown is not_found. */
export async function getInvoice(db: TenantDatabase, invoiceId: string): Promise<InvoiceWithLines> {
  const [invoice, lines] = await Promise.all([findInvoice(db.pool, invoiceId), findInvoiceLines(db.pool, invoiceId)]);
  if (!invoice) throw DomainError.notFound('Invoice', invoiceId);
  return { ...invoice, lines, taxSummary: summarizeTaxLines(lines.flatMap((line) => line.taxes)) };
}
