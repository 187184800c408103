// The invoicing context's public surface: the only file other code may import from this folder.
export * from './tenant-billing-settings';
export { creditNoteAmounts, creditNoteResource, invoiceResource, recordInvoiceEvents } from './invoice-resource';
export { nextDraftFinalizationAt, findInvoiceSummary, type InvoiceRecord, type InvoiceLineRecord, type InvoiceLineTaxRecord, type InvoiceTaxSnapshot, type InvoiceTaxParty, type InvoiceFilter, type InvoiceSummary } from './invoices.repository';
export * from './invoice-document.loader';
// Deleting a test clock (the billing cycle orchestrates it in one transaction, in FK order).
export { deleteInvoices, selectInvoiceIdsOfCustomers } from './invoices.repository';
export { deleteCreditNotesOfCustomers } from './credit-notes.repository';
export { deletePendingItemsOfCustomers } from './pending-invoice-items.repository';
export * from './use-cases/issue-invoices';
export * from './use-cases/pending-invoice-items';
export * from './period-line';
export * from './use-cases/invoice-payments';
export * from './use-cases/void-invoice';
export * from './use-cases/update-invoice-metadata';
export * from './use-cases/get-invoice';
export * from './use-cases/list-invoices';
export * from './use-cases/mark-invoice-sent';
export * from './use-cases/notice-overdue-invoices';
export * from './use-cases/send-invoice';
export * from './use-cases/render-invoice-pdf';
export * from './use-cases/create-invoice';
export * from './use-cases/finalize-invoices';
export * from './use-cases/edit-draft-invoice';
export * from './use-cases/credit-notes';
export * from './use-cases/render-credit-note-pdf';
export * from './use-cases/send-credit-note';
