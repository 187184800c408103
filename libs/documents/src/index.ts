export * from './invoice-document';
export { formatDate, formatAmount, formatPeriod, formatQuantity } from './format';
export { renderInvoicePdf } from './invoice-pdf/render-invoice-pdf';
export { InvoicePdfRenderer } from './invoice-pdf-renderer';
export { DocumentsModule } from './documents.module';
export * from './receipt-document';
export { renderReceiptPdf } from './receipt-pdf/render-receipt-pdf';
export * from './credit-note-document';
export { renderCreditNotePdf } from './credit-note-pdf/render-credit-note-pdf';
