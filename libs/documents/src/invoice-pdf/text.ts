import { lineHeight, type TextStyle } from './theme';

// The built-in PDF fonts only know the WinAnsi character set: Latin-1 plus a few typographic
// extras. Anything else would print as unrelated glyphs, so it is mapped before drawing.
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const COMBINING_MARKS = /\p{M}/gu;

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

/**
 * Makes text printable with the built-in fonts: accented letters outside Latin-1 lose their
 * accent ("Nguyễn" -> "Nguyên" or "Nguyen"), any other unsupported character becomes "?".
 */
export function toPrintable(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFKD').replace(COMBINING_MARKS, '');
    out += base !== '' && [...base].every(isWinAnsi) ? base : char === '\t' ? ' ' : '?';
  }
  return out;
}

export function applyStyle(pdf: PDFKit.PDFDocument, style: TextStyle): void {
  pdf.font(style.font).fontSize(style.size).fillColor(style.color);
}

export function widthOf(pdf: PDFKit.PDFDocument, text: string, style: TextStyle): number {
  applyStyle(pdf, style);
  return pdf.widthOfString(text);
}

/**
 * Splits text into lines no wider than `width`: paragraphs at newlines, lines at spaces, and
 * words too long for a line (URLs, references) at whatever character still fits.
 */
export function wrapText(pdf: PDFKit.PDFDocument, text: string, width: number, style: TextStyle): string[] {
  applyStyle(pdf, style);
  const fits = (candidate: string) => pdf.widthOfString(candidate) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of toPrintable(paragraph).split(/ +/).filter(Boolean)) {
      const joined = line ? `${line} ${word}` : word;
      if (fits(joined)) {
        line = joined;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      for (const piece of breakWord(word, fits)) {
        if (line) lines.push(line);
        line = piece;
      }
    }
    lines.push(line);
  }
  return lines;
}

function breakWord(word: string, fits: (text: string) => boolean): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece && !fits(piece + char)) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}

export interface Placement {
  x: number;
  y: number;
  /** Box width; needed for right alignment and for shrinking. */
  width?: number;
  align?: 'left' | 'right';
  /** Reduce the font size (down to 60%) rather than overflow the box: amounts must never wrap. */
  shrinkToFit?: boolean;
}

/** Draws one line of text with its top-left (or top-right) corner at the given point. */
export function drawLine(pdf: PDFKit.PDFDocument, text: string, style: TextStyle, at: Placement): void {
  const printable = toPrintable(text);
  let size = style.size;
  applyStyle(pdf, style);
  if (at.shrinkToFit && at.width !== undefined) {
    const natural = pdf.widthOfString(printable);
    if (natural > at.width) size = Math.max(style.size * 0.6, (style.size * at.width) / natural);
    pdf.fontSize(size);
  }
  const x = at.align === 'right' && at.width !== undefined ? at.x + at.width - pdf.widthOfString(printable) : at.x;
  // A smaller font sits lower so it shares the baseline of its neighbours.
  const y = at.y + (style.size - size) * 0.8;
  pdf.text(printable, x, y, { lineBreak: false });
}

/** Draws pre-wrapped lines downwards from `at.y` and returns the y just below the last one. */
export function drawLines(pdf: PDFKit.PDFDocument, lines: readonly string[], style: TextStyle, at: Placement): number {
  let y = at.y;
  for (const line of lines) {
    drawLine(pdf, line, style, { ...at, y });
    y += lineHeight(style);
  }
  return y;
}

/** Wraps and draws a paragraph in one go, returning the y just below it. */
export function drawParagraph(
  pdf: PDFKit.PDFDocument,
  text: string,
  style: TextStyle,
  at: Placement & { width: number },
): number {
  return drawLines(pdf, wrapText(pdf, text, at.width, style), style, at);
}
