import { type DocumentHeading, isPresent } from './header';
import { drawLine } from './text';
import { COLOR, PAGE, STYLE } from './theme';

/**
 * Stamps every buffered page with the tenant's contact and "<title> · Page i of n".
 * Runs after the content, once the page count is known.
 */
export function drawFooters(pdf: PDFKit.PDFDocument, doc: DocumentHeading): void {
  const { start, count } = pdf.bufferedPageRange();
  const contact = [doc.tenant.name, doc.tenant.email].filter(isPresent).join(' · ');
  for (let index = start; index < start + count; index++) {
    pdf.switchToPage(index);
    const { left, right } = pdf.page.margins;
    const width = pdf.page.width - left - right;
    const y = pdf.page.height - PAGE.footerBottomGap;
    pdf.moveTo(left, y - 8).lineTo(left + width, y - 8).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
    drawLine(pdf, contact, STYLE.footer, { x: left, y, width: width * 0.6, shrinkToFit: true });
    const pageLabel = `${doc.title} · Page ${index - start + 1} of ${count}`;
    drawLine(pdf, pageLabel, STYLE.footer, { x: left + width * 0.6, y, width: width * 0.4, align: 'right', shrinkToFit: true });
  }
}
