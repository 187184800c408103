import type { Queryable } from '@nova/common';
import type { EventType } from '@nova/domain';
import { recordEvents } from '@nova/events';
import type { CreditNoteRecord } from './credit-notes.repository';
import { type InvoiceRecord, selectInvoicesByIds } from './invoices.repository';

/**
 * An invoice as the API shows it and as events carry it (`data.object`): the one public mapping.
 * Minor units as numbers (the API's integers).
 */
export function invoiceResource(invoice: InvoiceRecord) {
  return {
    object: 'invoice' as const,
    id: invoice.id,
    number: invoice.number,
    customerId: invoice.customerId,
    subscriptionId: invoice.subscriptionId,
    status: invoice.status as string,
    currency: invoice.currency,
    subtotal: Number(invoice.subtotal),
    tax: Number(invoice.tax),
    total: Number(invoice.total),
    amountPaid: Number(invoice.amountPaid),
    amountRefunded: Number(invoice.amountRefunded),
    amountDue: Number(invoice.amountDue),
    creditApplied: Number(invoice.creditApplied),
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    issuedAt: invoice.issuedAt,
    dueAt: invoice.dueAt,
    paidAt: invoice.paidAt,
    voidedAt: invoice.voidedAt,
    sentAt: invoice.sentAt,
    memo: invoice.memo,
    metadata: invoice.metadata,
    taxTreatment: invoice.taxTreatment,
    taxNote: invoice.taxNote,
    placeOfSupply: invoice.placeOfSupply,
    autoFinalizeAt: invoice.autoFinalizeAt,
  };
}

/** A credit note as the API shows it and as events carry it. */
export function creditNoteResource(note: CreditNoteRecord) {
  return { object: 'credit_note' as const, ...note, ...creditNoteAmounts(note) };
}

type CreditNoteAmountFields = Pick<
  CreditNoteRecord,
  'amount' | 'taxAmount' | 'taxComponents' | 'prePaymentAmount' | 'postPaymentAmount' | 'creditAmount' | 'refundAmount' | 'outOfBandAmount'
> & { lines: readonly CreditNoteLineAmounts[] };
type CreditNoteLine = CreditNoteRecord['lines'][number];
type CreditNoteLineAmounts = Pick<CreditNoteLine, 'invoiceLineId' | 'description' | 'quantity' | 'taxable' | 'taxAmount' | 'amount'> & {
  taxes: readonly CreditNoteLine['taxes'][number][];
};

/** A credit note's (or its preview's) amounts in JSON numbers: totals, tax parts, where the money went, and its lines. */
export function creditNoteAmounts(note: CreditNoteAmountFields) {
  return {
    amount: Number(note.amount),
    taxAmount: Number(note.taxAmount),
    taxComponents: note.taxComponents.map((component) => ({ code: component.code, percentage: component.percentage, amount: Number(component.amount) })),
    prePaymentAmount: Number(note.prePaymentAmount),
    postPaymentAmount: Number(note.postPaymentAmount),
    creditAmount: Number(note.creditAmount),
    refundAmount: Number(note.refundAmount),
    outOfBandAmount: Number(note.outOfBandAmount),
    lines: note.lines.map((line) => ({
      invoiceLineId: line.invoiceLineId,
      description: line.description,
      quantity: line.quantity,
      taxable: Number(line.taxable),
      taxAmount: Number(line.taxAmount),
      amount: Number(line.amount),
      taxes: line.taxes.map((tax) => ({ code: tax.code, percentage: tax.percentage, amount: Number(tax.amount) })),
    })),
  };
}

export type InvoiceEventType = EventType & `invoice.${string}`;

/**
 * Records, in the caller's transaction, each invoice's events as the invoice is now (after the
 * change): `types(invoice)` says which, in order (an invoice issued paid is created, finalized and paid).
 */
export async function recordInvoiceEvents(client: Queryable, invoiceIds: readonly string[], types: (invoice: InvoiceRecord) => InvoiceEventType[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  const invoices = await selectInvoicesByIds(client, invoiceIds);
  await recordEvents(client, invoices.flatMap((invoice) => types(invoice).map((type) => ({ type, object: invoiceResource(invoice) }))));
}
