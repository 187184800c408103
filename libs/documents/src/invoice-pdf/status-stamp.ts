import type { PageFlow } from './page-flow';
import { applyStyle } from './text';
import { COLOR, FONT } from './theme';

const STAMP_COLORS: Readonly<Record<string, string>> = { PAID: COLOR.paid, VOID: COLOR.void };
const SIZE = 30;
const PAD_X = 14;
const PAD_Y = 8;

/**
 * A tilted rubber-stamp "PAID" or "VOID", centred at (cx, cy). Other statuses get no stamp:
 * an open invoice should read as a request for payment, not as a settled record.
 */
export function drawStatusStamp(flow: PageFlow, status: string, cx: number, cy: number): void {
  const label = status.toUpperCase();
  const color = STAMP_COLORS[label];
  if (!color) return;
  const { pdf } = flow;
  applyStyle(pdf, { font: FONT.bold, size: SIZE, color });
  const width = pdf.widthOfString(label) + 2 * PAD_X;
  const height = SIZE + 2 * PAD_Y;

  pdf.save();
  pdf.rotate(-12, { origin: [cx, cy] });
  pdf.opacity(0.75);
  pdf.roundedRect(cx - width / 2, cy - height / 2, width, height, 6).lineWidth(2.5).strokeColor(color).stroke();
  // Text is placed by the top of its line box; Helvetica capitals fill its first 0.72 em.
  pdf.text(label, cx - width / 2 + PAD_X, cy - SIZE * 0.36, { lineBreak: false });
  pdf.restore();
}
