import type { InvoiceDocument, InvoiceDocumentLine } from '../invoice-document';
import { formatAmount, formatPeriod, formatQuantity } from '../format';
import type { PageFlow } from './page-flow';
import { drawLine, wrapText } from './text';
import { COLOR, lineHeight, STYLE, type TextStyle } from './theme';

const CELL_PAD_X = 6;
const ROW_PAD_Y = 6;
const HEADER_HEIGHT = 22;
const NUMERIC_COLUMNS = { quantity: 50, unitPrice: 105, amount: 105 } as const;

interface Column {
  x: number;
  width: number;
}

interface Layout {
  description: Column;
  quantity: Column;
  unitPrice: Column;
  amount: Column;
}

interface RowLine {
  text: string;
  style: TextStyle;
}

interface Row {
  lines: RowLine[];
  quantity: string;
  unitPrice: string;
  amount: string;
}

/**
 * The invoice lines as a table of description, quantity, unit price and amount. Rows are kept
 * whole when they fit on a page; the header row repeats at the top of every page the table
 * continues on. A description longer than a whole page is split across pages.
 */
export function drawLinesTable(flow: PageFlow, doc: InvoiceDocument): void {
  const layout = columnLayout(flow);
  const rows = doc.lines.map((line) => toRow(flow.pdf, line, doc.currency, layout, doc.timeZone));

  flow.ensureSpace(HEADER_HEIGHT + (rows[0] ? keepTogetherHeight(flow, rows[0]) : 0));
  drawHeaderRow(flow, layout);
  flow.onNewPage = () => drawHeaderRow(flow, layout);
  for (const row of rows) drawRow(flow, row, layout);
  flow.onNewPage = null;
  flow.y += 14;
}

function columnLayout(flow: PageFlow): Layout {
  const amount = { x: flow.right - NUMERIC_COLUMNS.amount, width: NUMERIC_COLUMNS.amount };
  const unitPrice = { x: amount.x - NUMERIC_COLUMNS.unitPrice, width: NUMERIC_COLUMNS.unitPrice };
  const quantity = { x: unitPrice.x - NUMERIC_COLUMNS.quantity, width: NUMERIC_COLUMNS.quantity };
  const description = { x: flow.left, width: quantity.x - flow.left };
  return { description, quantity, unitPrice, amount };
}

function toRow(pdf: PDFKit.PDFDocument, line: InvoiceDocumentLine, currency: string, layout: Layout, timeZone?: string): Row {
  const textWidth = layout.description.width - 2 * CELL_PAD_X;
  const lines: RowLine[] = wrapText(pdf, line.description, textWidth, STYLE.body).map((text) => ({ text, style: STYLE.body }));
  if (line.periodStart && line.periodEnd) {
    lines.push({ text: formatPeriod(line.periodStart, line.periodEnd, timeZone), style: STYLE.small });
  }
  return {
    lines,
    quantity: formatQuantity(line.quantity),
    unitPrice: formatAmount(line.unitAmount, currency),
    amount: formatAmount(line.amount, currency),
  };
}

function rowHeight(row: Row): number {
  return 2 * ROW_PAD_Y + row.lines.reduce((sum, line) => sum + lineHeight(line.style), 0);
}

/** The part of a row that must not be split from its start: all of it if it fits a page, else its first line. */
function keepTogetherHeight(flow: PageFlow, row: Row): number {
  const whole = rowHeight(row);
  return whole <= flow.pageCapacity - HEADER_HEIGHT ? whole : 2 * ROW_PAD_Y + lineHeight(row.lines[0]!.style);
}

function drawHeaderRow(flow: PageFlow, layout: Layout): void {
  flow.pdf.rect(flow.left, flow.y, flow.width, HEADER_HEIGHT).fill(COLOR.tableHeaderFill);
  const y = flow.y + (HEADER_HEIGHT - STYLE.caption.size) / 2;
  drawCell(flow.pdf, 'DESCRIPTION', STYLE.caption, layout.description, y, 'left');
  drawCell(flow.pdf, 'QTY', STYLE.caption, layout.quantity, y, 'right');
  drawCell(flow.pdf, 'UNIT PRICE', STYLE.caption, layout.unitPrice, y, 'right');
  drawCell(flow.pdf, 'AMOUNT', STYLE.caption, layout.amount, y, 'right');
  flow.y += HEADER_HEIGHT;
}

function drawRow(flow: PageFlow, row: Row, layout: Layout): void {
  flow.ensureSpace(keepTogetherHeight(flow, row));

  let next = 0;
  while (next < row.lines.length) {
    if (next > 0) flow.newPage();
    const top = flow.y;
    let y = top + ROW_PAD_Y;
    const start = next;
    // Always place at least one line, so a page can never be left without progress.
    while (next < row.lines.length) {
      const line = row.lines[next]!;
      if (next > start && y + lineHeight(line.style) + ROW_PAD_Y > flow.bottom) break;
      drawCell(flow.pdf, line.text, line.style, layout.description, y, 'left');
      y += lineHeight(line.style);
      next++;
    }
    if (start === 0) {
      drawCell(flow.pdf, row.quantity, STYLE.body, layout.quantity, top + ROW_PAD_Y, 'right');
      drawCell(flow.pdf, row.unitPrice, STYLE.body, layout.unitPrice, top + ROW_PAD_Y, 'right');
      drawCell(flow.pdf, row.amount, STYLE.bodyBold, layout.amount, top + ROW_PAD_Y, 'right');
    }
    flow.y = y + ROW_PAD_Y;
  }
  flow.rule(COLOR.rule);
}

function drawCell(pdf: PDFKit.PDFDocument, text: string, style: TextStyle, column: Column, y: number, align: 'left' | 'right'): void {
  drawLine(pdf, text, style, { x: column.x + CELL_PAD_X, y, width: column.width - 2 * CELL_PAD_X, align, shrinkToFit: align === 'right' });
}
