import { PAGE } from './theme';

/**
 * The vertical cursor of a multi-page document. Sections ask for the space they need before
 * drawing; when it is not left on the page, a new page starts and `onNewPage` draws whatever
 * must repeat at its top (the table header), moving the cursor below it.
 */
export class PageFlow {
  y: number;
  onNewPage: (() => void) | null = null;

  constructor(readonly pdf: PDFKit.PDFDocument) {
    this.y = this.top;
  }

  get top(): number {
    return this.pdf.page.margins.top;
  }

  get left(): number {
    return this.pdf.page.margins.left;
  }

  get right(): number {
    return this.pdf.page.width - this.pdf.page.margins.right;
  }

  get width(): number {
    return this.right - this.left;
  }

  /** Content stops here; the footer lives below. */
  get bottom(): number {
    return this.pdf.page.height - PAGE.contentBottomGap;
  }

  /** Space left between the cursor and the footer zone. */
  get remaining(): number {
    return this.bottom - this.y;
  }

  /** Height of the content area of an empty page. */
  get pageCapacity(): number {
    return this.bottom - this.top;
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensureSpace(height: number): void {
    if (height > this.remaining) this.newPage();
  }

  newPage(): void {
    this.pdf.addPage();
    this.y = this.top;
    this.onNewPage?.();
  }

  /** A horizontal hairline across the content width (or part of it) at the cursor. */
  rule(color: string, from = this.left, to = this.right, lineWidth = 0.6): void {
    this.pdf.moveTo(from, this.y).lineTo(to, this.y).lineWidth(lineWidth).strokeColor(color).stroke();
  }
}
