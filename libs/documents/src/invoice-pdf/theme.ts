// Visual constants of the invoice layout, in PDF points (1/72 inch) on A4 (595.28 x 841.89).

export const PAGE = {
  size: 'A4',
  margin: 50,
  /** Content never runs below this distance from the page's bottom edge: the footer lives there. */
  contentBottomGap: 72,
  footerBottomGap: 40,
} as const;

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;
export type FontName = (typeof FONT)[keyof typeof FONT];

export const COLOR = {
  text: '#1f2933',
  muted: '#6b7280',
  accent: '#1e3a8a',
  rule: '#d1d5db',
  tableHeaderFill: '#f3f4f6',
  amountDueFill: '#eef2ff',
  paid: '#15803d',
  void: '#b91c1c',
} as const;

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
}

export const STYLE = {
  tenantName: { font: FONT.bold, size: 20, color: COLOR.accent },
  title: { font: FONT.bold, size: 16, color: COLOR.text },
  body: { font: FONT.regular, size: 9.5, color: COLOR.text },
  bodyBold: { font: FONT.bold, size: 9.5, color: COLOR.text },
  small: { font: FONT.regular, size: 8.5, color: COLOR.muted },
  caption: { font: FONT.bold, size: 7.5, color: COLOR.muted },
  customerName: { font: FONT.bold, size: 11, color: COLOR.text },
  total: { font: FONT.bold, size: 10.5, color: COLOR.text },
  footer: { font: FONT.regular, size: 7.5, color: COLOR.muted },
} satisfies Record<string, TextStyle>;

/** Vertical distance between two wrapped lines of the given style. */
export function lineHeight(style: TextStyle): number {
  return style.size * 1.3;
}
