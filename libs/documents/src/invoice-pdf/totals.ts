import type { InvoiceDocument } from '../invoice-document';
import { formatAmount } from '../format';
import type { PageFlow } from './page-flow';
import { drawLine } from './text';
import { COLOR, lineHeight, STYLE, type TextStyle } from './theme';

const WIDTH = 250;
const ROW_GAP = 5;
const EMPHASIS_PAD = 6;
/** Text sits this far inside the block so amounts line up with the table's amount column. */
const INSET = 6;

export interface TotalRow {
  label: string;
  amount: bigint;
  style: TextStyle;
  ruleAbove?: boolean;
  highlight?: boolean;
}

/**
 * Subtotal, tax, total, paid, refunded (if any) and amount due, right-aligned under the table and kept together
 * on one page. Returns the vertical extent of the block so a stamp can sit beside it.
 */
export function drawTotals(flow: PageFlow, doc: InvoiceDocument): { top: number; bottom: number } {
  const rows: TotalRow[] = [
    { label: 'Subtotal', amount: doc.subtotal, style: STYLE.body },
    ...(doc.taxLines?.length ? doc.taxLines.map((line) => ({ label: line.label, amount: line.amount, style: STYLE.body })) : [{ label: 'Tax', amount: doc.tax, style: STYLE.body }]),
    { label: 'Total', amount: doc.total, style: STYLE.total, ruleAbove: true },
    ...creditRows(doc),
    { label: 'Amount paid', amount: doc.amountPaid, style: STYLE.body },
    ...(doc.amountRefunded ? [{ label: 'Refunded', amount: -doc.amountRefunded, style: STYLE.body }] : []),
    { label: 'Amount due', amount: doc.amountDue, style: STYLE.total, highlight: true },
  ];
  return drawAmountBlock(flow, rows, doc.currency);
}

/**
 * Label/amount rows right-aligned under the content, kept together on one page (an invoice's
 * totals, a receipt's allocations). Returns the block's vertical extent.
 */
export function drawAmountBlock(flow: PageFlow, rows: readonly TotalRow[], currency: string): { top: number; bottom: number } {
  flow.ensureSpace(rows.reduce((sum, row) => sum + rowHeight(row), 0));

  const top = flow.y;
  const x = flow.right - WIDTH;
  for (const row of rows) {
    if (row.ruleAbove) {
      flow.rule(COLOR.text, x, flow.right, 0.8);
      flow.y += ROW_GAP;
    }
    if (row.highlight) {
      flow.pdf.rect(x, flow.y, WIDTH, rowHeight(row) - ROW_GAP).fill(COLOR.amountDueFill);
      flow.y += EMPHASIS_PAD;
    }
    drawLine(flow.pdf, row.label, row.style, { x: x + INSET, y: flow.y });
    drawLine(flow.pdf, formatAmount(row.amount, currency), row.style, {
      x: x + WIDTH / 2,
      y: flow.y,
      width: WIDTH / 2 - INSET,
      align: 'right',
      shrinkToFit: true,
    });
    flow.y += lineHeight(row.style) + ROW_GAP + (row.highlight ? EMPHASIS_PAD : 0);
  }
  return { top, bottom: flow.y };
}

/** Credit taken from the customer's balance lowers what is due; a negative total's surplus goes to the balance. */
function creditRows(doc: InvoiceDocument): TotalRow[] {
  const credit = doc.creditApplied ?? 0n;
  if (credit > 0n) return [{ label: 'Credit applied', amount: -credit, style: STYLE.body }];
  if (credit < 0n) return [{ label: 'Credited to your balance', amount: -credit, style: STYLE.body }];
  return [];
}

function rowHeight(row: TotalRow): number {
  return lineHeight(row.style) + ROW_GAP + (row.ruleAbove ? ROW_GAP : 0) + (row.highlight ? 2 * EMPHASIS_PAD : 0);
}
