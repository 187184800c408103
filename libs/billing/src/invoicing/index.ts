// The invoicing context's public surface: the only file other code may import from this folder.
export * from './tenant-billing-settings';
export { findInvoiceSummary, type InvoiceRecord, type InvoiceLineRecord, type InvoiceLineTaxRecord, type InvoiceTaxSnapshot, type InvoiceTaxParty, type InvoiceFilter, type InvoiceSummary } from './invoices.repository';
export * from './invoice-document.loader';
export * from './use-cases/issue-invoices';
export * from './period-line';
export * from './use-cases/invoice-payments';
export * from './use-cases/void-invoice';
export * from './use-cases/update-invoice-metadata';
export * from './use-cases/get-invoice';
export * from './use-cases/list-invoices';
export * from './use-cases/mark-invoice-sent';
export * from './use-cases/send-invoice';
export * from './use-cases/render-invoice-pdf';
export * from './use-cases/create-invoice';
export * from './use-cases/credit-notes';
export * from './use-cases/render-credit-note-pdf';
