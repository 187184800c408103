export * from './invoice-document';
export { formatDate, formatMoney, formatPeriod, formatQuantity } from './format';
export { renderInvoicePdf } from './invoice-pdf/render-invoice-pdf';
export { InvoicePdfRenderer } from './invoice-pdf-renderer';
export { DocumentsModule } from './documents.module';
