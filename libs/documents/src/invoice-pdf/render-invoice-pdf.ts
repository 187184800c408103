import PDFDocument from 'pdfkit';
import { assertValidInvoiceDocument, type InvoiceDocument } from '../invoice-document';
import { drawFooters } from './footer';
import { drawHeader, drawParties, invoiceMetaRows, isPresent } from './header';
import { drawLinesTable } from './lines-table';
import { drawNotes } from './notes';
import { PageFlow } from './page-flow';
import { drawStatusStamp } from './status-stamp';
import { drawTotals } from './totals';
import { PAGE } from './theme';

/**
 * Renders an invoice as an A4 PDF using only the PDF built-in Helvetica fonts. The output is
 * byte-for-byte reproducible: the document dates (and so the file ID PDFKit derives from them)
 * come from `issuedAt`, never from the clock.
 */
export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  assertValidInvoiceDocument(doc);
  const pdf = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    info: {
      Title: `Invoice ${doc.number}`,
      Author: doc.tenant.name,
      Subject: `Invoice ${doc.number} for ${doc.customer.name}`,
      Creator: 'NovaBilling',
      Producer: 'NovaBilling',
      CreationDate: doc.issuedAt,
      ModDate: doc.issuedAt,
    },
  });
  const output = collect(pdf);

  const flow = new PageFlow(pdf);
  const heading = { tenant: doc.tenant, title: `${doc.title ?? 'Invoice'} ${doc.number}` };
  drawHeader(flow, heading);
  drawParties(flow, { caption: 'BILL TO', customer: doc.customer, meta: invoiceMetaRows(doc) });
  drawLinesTable(flow, doc);
  const totals = drawTotals(flow, doc);
  drawStatusStamp(flow, doc.status, flow.left + 110, (totals.top + totals.bottom) / 2);
  const notes = [doc.taxNote, doc.memo].filter(isPresent).join('\n\n');
  if (notes) {
    flow.y += 18;
    drawNotes(flow, notes);
  }
  drawFooters(pdf, heading);

  pdf.end();
  return output;
}

export function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
