import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { DomainError, printedTaxLabel } from '@nova/domain';
import { renderCreditNotePdf } from '@nova/documents';
import { TenantContext, TenantDb, findTenantProfile } from '@nova/tenancy';
import { findCustomerContact } from '../../customers';
import { findInvoiceSummary } from '../invoices.repository';
import { type CreditNoteRecord, getCreditNote } from './credit-notes';

const REASON_LABELS = { duplicate: 'Duplicate', fraudulent: 'Fraudulent', order_change: 'Order change', product_unsatisfactory: 'Product unsatisfactory', other: 'Other' } as const;

/** A credit note as a PDF, with what naming the file and e-mailing it need (the note, both parties, its invoice's number). */
export interface RenderedCreditNote {
  number: string;
  pdf: Buffer;
  note: CreditNoteRecord;
  invoiceNumber: string;
  tenant: { name: string; billingEmail: string | null; timeZone: string };
  customer: { name: string; email: string };
}

@Injectable()
export class RenderCreditNotePdf {
  constructor(
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly context: TenantContext,
  ) {}

  async execute(command: { creditNoteId: string }): Promise<RenderedCreditNote> {
    const db = await this.db.connection();
    const note = await getCreditNote(db, command.creditNoteId);
    const [tenant, customer, invoice] = await Promise.all([findTenantProfile(this.central, this.context.tenantId), findCustomerContact(db.pool, note.customerId), findInvoiceSummary(db.pool, note.invoiceId)]);
    if (!customer || !invoice) throw DomainError.notFound('Credit note', command.creditNoteId);
    const pdf = await renderCreditNotePdf({
      tenant: { name: tenant.name, email: tenant.billingEmail },
      customer: { name: customer.name, email: customer.email },
      number: note.number,
      // Credit notes are only ever against finalized (numbered) invoices.
      invoiceNumber: invoice.number ?? '',
      issuedAt: note.createdAt,
      timeZone: tenant.timeZone,
      currency: note.currency,
      amount: note.amount,
      taxAmount: note.taxAmount,
      taxLines: note.taxComponents.map((component) => ({ label: printedTaxLabel(component), amount: component.amount })),
      prePaymentAmount: note.prePaymentAmount,
      postPaymentAmount: note.postPaymentAmount,
      split: { creditAmount: note.creditAmount, refundAmount: note.refundAmount, outOfBandAmount: note.outOfBandAmount, refundStatus: note.refundStatus },
      lines: note.lines.map((line) => ({ description: line.description, quantity: line.quantity, amount: line.amount, taxAmount: line.taxAmount })),
      reason: REASON_LABELS[note.reason],
      memo: note.memo,
      voidedAt: note.voidedAt,
    });
    return { number: note.number, pdf, note, invoiceNumber: invoice.number ?? '', tenant, customer: { name: customer.name, email: customer.email } };
  }
}
