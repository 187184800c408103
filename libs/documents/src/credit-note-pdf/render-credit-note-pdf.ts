// A credit note as an A4 PDF, drawn with the invoice PDF's building blocks like the receipt.
import PDFDocument from 'pdfkit';
import { assertValidCreditNoteDocument, type CreditNoteDocument } from '../credit-note-document';
import { formatDate } from '../format';
import { drawFooters } from '../invoice-pdf/footer';
import { drawHeader, drawParties, isPresent } from '../invoice-pdf/header';
import { drawNotes } from '../invoice-pdf/notes';
import { PageFlow } from '../invoice-pdf/page-flow';
import { collect } from '../invoice-pdf/render-invoice-pdf';
import { drawLine } from '../invoice-pdf/text';
import { drawAmountBlock, type TotalRow } from '../invoice-pdf/totals';
import { STYLE, PAGE, lineHeight } from '../invoice-pdf/theme';

/** Reproducible: its dates come from the document, never from the clock. */
export async function renderCreditNotePdf(doc: CreditNoteDocument): Promise<Buffer> {
  assertValidCreditNoteDocument(doc);
  const title = `Credit note ${doc.number}${doc.voidedAt ? ' (void)' : ''}`;
  const pdf = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    info: { Title: title, Author: doc.tenant.name, Subject: `${title} for ${doc.customer.name}`, Creator: 'NovaBilling', Producer: 'NovaBilling', CreationDate: doc.issuedAt, ModDate: doc.voidedAt ?? doc.issuedAt },
  });
  const output = collect(pdf);
  const flow = new PageFlow(pdf);
  const heading = { tenant: doc.tenant, title };
  drawHeader(flow, heading);
  const meta: [string, string][] = [
    ['Credit note number', doc.number],
    ['Issued', formatDate(doc.issuedAt, doc.timeZone)],
    ['Credits invoice', doc.invoiceNumber],
    ['Reason', doc.reason],
  ];
  if (doc.voidedAt) meta.push(['Voided', formatDate(doc.voidedAt, doc.timeZone)]);
  drawParties(flow, { caption: 'CREDITED TO', customer: doc.customer, meta });

  if (doc.lines?.length) {
    drawLine(pdf, 'LINES CREDITED', STYLE.caption, { x: flow.left, y: flow.y });
    flow.y += lineHeight(STYLE.caption) + 6;
    drawAmountBlock(
      flow,
      doc.lines.map((line) => ({ label: line.quantity === null ? line.description : `${line.description} × ${line.quantity}`, amount: line.amount, style: STYLE.body })),
      doc.currency,
    );
    flow.y += 18;
  }
  drawLine(pdf, 'CREDIT', STYLE.caption, { x: flow.left, y: flow.y });
  flow.y += lineHeight(STYLE.caption) + 6;
  const rows: TotalRow[] = [
    { label: 'Net', amount: doc.amount - doc.taxAmount, style: STYLE.body },
    ...(doc.taxLines?.length ? doc.taxLines.map((line) => ({ label: line.label, amount: line.amount, style: STYLE.body })) : [{ label: 'Tax', amount: doc.taxAmount, style: STYLE.body }]),
    { label: 'Total credited', amount: doc.amount, style: STYLE.total, ruleAbove: true },
    ...(doc.prePaymentAmount > 0n ? [{ label: `Taken off invoice ${doc.invoiceNumber}`, amount: doc.prePaymentAmount, style: STYLE.body }] : []),
    ...moneyRows(doc),
  ];
  drawAmountBlock(flow, rows, doc.currency);
  if (isPresent(doc.memo)) {
    flow.y += 18;
    drawNotes(flow, doc.memo);
  }
  drawFooters(pdf, heading);
  pdf.end();
  return output;
}

/** Where what did not lower the amount due went: the balance, a refund (and how it went), out of band. */
function moneyRows(doc: CreditNoteDocument): TotalRow[] {
  const split = doc.split ?? { creditAmount: doc.postPaymentAmount, refundAmount: 0n, outOfBandAmount: 0n, refundStatus: null };
  const refundLabel =
    split.refundStatus === 'failed' ? 'Refund failed: credited to your balance' : split.refundStatus === 'pending' ? 'Being refunded to your payment method' : 'Refunded to your payment method';
  return [
    ...(split.creditAmount > 0n ? [{ label: 'Credited to your balance', amount: split.creditAmount, style: STYLE.body, highlight: true }] : []),
    ...(split.refundAmount > 0n ? [{ label: refundLabel, amount: split.refundAmount, style: STYLE.body, highlight: true }] : []),
    ...(split.outOfBandAmount > 0n ? [{ label: 'Given back outside this account', amount: split.outOfBandAmount, style: STYLE.body }] : []),
  ];
}
