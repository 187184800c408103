import type { InvoiceDocument } from '../invoice-document';
import { formatDate, formatPeriod } from '../format';
import type { PageFlow } from './page-flow';
import { drawLine, drawLines, drawParagraph, widthOf, wrapText } from './text';
import { COLOR, lineHeight, STYLE } from './theme';

const TITLE_WIDTH = 210;
const GUTTER = 24;

/** What heads every page of a document (invoice, receipt): who issues it and its title ("Invoice INV-000042"). */
export interface DocumentHeading {
  tenant: InvoiceDocument['tenant'];
  title: string;
}

/** Whom the document is for (under `caption`), and label/value pairs (number, dates, status). */
export interface DocumentParties {
  caption: string;
  customer: InvoiceDocument['customer'];
  meta: [label: string, value: string][];
}

/** Tenant identity on the left, the title ("Invoice <number>") on the right, then a rule. */
export function drawHeader(flow: PageFlow, doc: DocumentHeading): void {
  const { pdf, left, right, width } = flow;
  const top = flow.y;
  const tenantWidth = width - TITLE_WIDTH - GUTTER;

  let leftY = drawParagraph(pdf, doc.tenant.name, STYLE.tenantName, { x: left, y: top, width: tenantWidth });
  leftY += 4;
  const contact = [doc.tenant.address, ...(doc.tenant.taxIds ?? []), doc.tenant.email].filter(isPresent).join('\n');
  if (contact) leftY = drawParagraph(pdf, contact, STYLE.small, { x: left, y: leftY, width: tenantWidth });

  const titleX = right - TITLE_WIDTH;
  const titleLines = wrapText(pdf, doc.title, TITLE_WIDTH, STYLE.title);
  const rightY = drawLines(pdf, titleLines, STYLE.title, { x: titleX, y: top + 3, width: TITLE_WIDTH, align: 'right' });

  flow.y = Math.max(leftY, rightY) + 14;
  flow.rule(COLOR.rule);
  flow.y += 18;
}

const META_WIDTH = 220;

/** The customer under its caption ("Bill to") on the left; the meta rows as label/value pairs on the right. */
export function drawParties(flow: PageFlow, doc: DocumentParties): void {
  const { pdf, left, right, width } = flow;
  const top = flow.y;
  const billToWidth = width - META_WIDTH - GUTTER;

  drawLine(pdf, doc.caption, STYLE.caption, { x: left, y: top });
  let leftY = top + lineHeight(STYLE.caption) + 3;
  leftY = drawParagraph(pdf, doc.customer.name, STYLE.customerName, { x: left, y: leftY, width: billToWidth });
  const contact = [doc.customer.email, doc.customer.address, ...(doc.customer.taxIds ?? [])].filter(isPresent).join('\n');
  leftY = drawParagraph(pdf, contact, STYLE.body, { x: left, y: leftY + 2, width: billToWidth });

  const metaX = right - META_WIDTH;
  let rightY = top;
  for (const [label, value] of doc.meta) {
    drawLine(pdf, label, STYLE.small, { x: metaX, y: rightY + 1 });
    const valueWidth = META_WIDTH - widthOf(pdf, label, STYLE.small) - 12;
    const lines = wrapText(pdf, value, valueWidth, STYLE.bodyBold);
    rightY = drawLines(pdf, lines, STYLE.bodyBold, { x: metaX, y: rightY, width: META_WIDTH, align: 'right' }) + 3;
  }

  flow.y = Math.max(leftY, rightY) + 26;
}

/** An invoice's number, dates, period and status. */
export function invoiceMetaRows(doc: InvoiceDocument): [label: string, value: string][] {
  const rows: [string, string][] = [
    ['Invoice number', doc.number],
    ['Issue date', formatDate(doc.issuedAt, doc.timeZone)],
    ['Due date', formatDate(doc.dueAt, doc.timeZone)],
  ];
  if (doc.periodStart && doc.periodEnd) rows.push(['Billing period', formatPeriod(doc.periodStart, doc.periodEnd, doc.timeZone)]);
  if (isPresent(doc.placeOfSupply)) rows.push(['Place of supply', doc.placeOfSupply]);
  rows.push(['Status', doc.status.toUpperCase()]);
  return rows;
}

export function isPresent(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
