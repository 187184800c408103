// A receipt as an A4 PDF, drawn with the invoice PDF's building blocks (heading, parties, the
// amount block, notes, footers), so both documents look alike and change together.
import PDFDocument from 'pdfkit';
import { formatDate } from '../format';
import { drawFooters } from '../invoice-pdf/footer';
import { drawHeader, drawParties, isPresent } from '../invoice-pdf/header';
import { drawNotes } from '../invoice-pdf/notes';
import { PageFlow } from '../invoice-pdf/page-flow';
import { collect } from '../invoice-pdf/render-invoice-pdf';
import { drawLine } from '../invoice-pdf/text';
import { drawAmountBlock, type TotalRow } from '../invoice-pdf/totals';
import { PAGE, STYLE, lineHeight } from '../invoice-pdf/theme';
import { assertValidReceiptDocument, type ReceiptDocument } from '../receipt-document';

/** Reproducible like the invoice PDF: its dates come from `receivedAt`, never from the clock. */
export async function renderReceiptPdf(doc: ReceiptDocument): Promise<Buffer> {
  assertValidReceiptDocument(doc);
  const title = `Receipt ${doc.number}`;
  const pdf = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: title, Author: doc.tenant.name, Subject: `${title} for ${doc.customer.name}`, Creator: 'NovaBilling', Producer: 'NovaBilling', CreationDate: doc.receivedAt, ModDate: doc.receivedAt },
  });
  const output = collect(pdf);
  const flow = new PageFlow(pdf);
  const heading = { tenant: doc.tenant, title };
  drawHeader(flow, heading);
  const meta: [string, string][] = [
    ['Receipt number', doc.number],
    ['Received', formatDate(doc.receivedAt, doc.timeZone)],
    ['Method', doc.method],
  ];
  if (isPresent(doc.reference)) meta.push(['Reference', doc.reference]);
  drawParties(flow, { caption: 'RECEIVED FROM', customer: doc.customer, meta });

  drawLine(pdf, 'APPLIED TO', STYLE.caption, { x: flow.left, y: flow.y });
  flow.y += lineHeight(STYLE.caption) + 6;
  const rows: TotalRow[] = [
    ...doc.allocations.map((allocation) => ({ label: `Invoice ${allocation.invoiceNumber}${allocation.amountDueAfter === 0n ? ' (paid)' : ''}`, amount: allocation.amount, style: STYLE.body })),
    ...(doc.overpayment > 0n ? [{ label: 'Credited to your balance', amount: doc.overpayment, style: STYLE.body }] : []),
    { label: 'Amount received', amount: doc.amount, style: STYLE.total, ruleAbove: true },
    { label: 'Credit balance', amount: doc.creditBalance, style: STYLE.total, highlight: true },
  ];
  drawAmountBlock(flow, rows, doc.currency);
  if (isPresent(doc.note)) {
    flow.y += 18;
    drawNotes(flow, doc.note);
  }
  drawFooters(pdf, heading);
  pdf.end();
  return output;
}
