import { DomainError, formatPostalAddress, GST_STATE_CODES, printedTaxId, printedTaxLabel, summarizeTaxLines } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import type { InvoiceDocument } from '@nova/documents';
import { TenantContext, TenantDb, findTenantProfile } from '@nova/tenancy';
import { findCustomerContact } from '../customers';
import { InvoiceLineRecord, InvoiceRecord, findInvoice, findInvoiceLines } from './invoices.repository';

export interface InvoiceWithParts extends InvoiceRecord {
  lines: InvoiceLineRecord[];
  customer: { name: string; email: string; address: unknown };
}

/** Everything needed to render or e-mail one invoice of the current tenant. */
@Injectable()
export class InvoiceDocumentLoader {
  constructor(
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly context: TenantContext,
  ) {}

  async load(invoiceId: string): Promise<{ invoice: InvoiceWithParts; document: InvoiceDocument; tenantName: string; replyTo: string | null }> {
    const { pool } = await this.db.connection();
    const [found, lines, tenant] = await Promise.all([findInvoice(pool, invoiceId), findInvoiceLines(pool, invoiceId), findTenantProfile(this.central, this.context.tenantId)]);
    const customer = found && (await findCustomerContact(pool, found.customerId));
    if (!found || !customer) throw DomainError.notFound('Invoice', invoiceId);
    const invoice: InvoiceWithParts = { ...found, lines, customer };
    // An invoice issued under a tax profile prints both parties as they were then (its snapshot).
    const snapshot = invoice.taxSnapshot;
    const document: InvoiceDocument = {
      tenant: snapshot
        ? { name: snapshot.seller.name, email: tenant.billingEmail, address: snapshot.seller.address, taxIds: snapshot.seller.taxIds.map(printedTaxId) }
        : { name: tenant.name, email: tenant.billingEmail },
      customer: snapshot
        ? { name: snapshot.buyer.name, email: customer.email, address: snapshot.buyer.address, taxIds: snapshot.buyer.taxIds.map(printedTaxId) }
        : { name: customer.name, email: customer.email, address: formatPostalAddress(customer.address) },
      title: invoice.taxTreatment ? 'Tax invoice' : 'Invoice',
      placeOfSupply: invoice.placeOfSupply && `${invoice.placeOfSupply} ${GST_STATE_CODES[invoice.placeOfSupply] ?? ''}`.trim(),
      taxLines: summarizeTaxLines(lines.flatMap((line) => line.taxes)).map((tax) => ({ label: printedTaxLabel(tax), amount: tax.amount })),
      taxNote: invoice.taxNote,
      // A draft has no number yet (it takes one at finalization).
      number: invoice.number ?? 'DRAFT',
      status: invoice.status,
      currency: invoice.currency,
      issuedAt: invoice.issuedAt,
      dueAt: invoice.dueAt,
      timeZone: tenant.timeZone,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      lines: lines.map((line) => ({
        description: line.taxCode ? `${line.description}\nHSN/SAC ${line.taxCode}` : line.description,
        quantity: line.quantity,
        unitAmount: line.unitAmount,
        amount: line.amount,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
      })),
      subtotal: invoice.subtotal,
      tax: invoice.tax,
      total: invoice.total,
      amountPaid: invoice.amountPaid,
      amountRefunded: invoice.amountRefunded,
      amountDue: invoice.amountDue,
      creditApplied: invoice.creditApplied,
      memo: invoice.memo,
    };
    return { invoice, document, tenantName: tenant.name, replyTo: tenant.billingEmail };
  }
}
