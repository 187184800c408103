import type { PageFlow } from './page-flow';
import { drawLine, wrapText } from './text';
import { lineHeight, STYLE } from './theme';

/** The invoice memo under a "NOTES" caption; long memos continue on the next page. */
export function drawNotes(flow: PageFlow, memo: string): void {
  const lines = wrapText(flow.pdf, memo, flow.width, STYLE.body);
  const captionHeight = lineHeight(STYLE.caption) + 3;
  // Never leave the caption alone at the bottom of a page.
  flow.ensureSpace(captionHeight + lineHeight(STYLE.body));
  drawLine(flow.pdf, 'NOTES', STYLE.caption, { x: flow.left, y: flow.y });
  flow.y += captionHeight;
  for (const line of lines) {
    flow.ensureSpace(lineHeight(STYLE.body));
    drawLine(flow.pdf, line, STYLE.body, { x: flow.left, y: flow.y });
    flow.y += lineHeight(STYLE.body);
  }
}
