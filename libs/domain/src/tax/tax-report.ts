// The tax summary report's rules, pure. A GST (GSTR-1/3B) or VAT (KRA VAT3, FIRS) return is filed
// per month, so the report groups by the tenant's local month unless asked for the whole range. A
// return shows credit notes on their own (GSTR-1 table 9B) and then nets them off the month's
// output tax (GSTR-3B 3.1, VAT3's "less credit notes"): the report gives both, the net computed
// here from the other two.

/** month: one set of rows per local month of the tenant (what a return is filed for); range: the whole range at once. */
export const TAX_REPORT_GROUPINGS = ['month', 'range'] as const;
export type TaxReportGrouping = (typeof TAX_REPORT_GROUPINGS)[number];
export const TAX_REPORT_GROUPING_DEFAULT: TaxReportGrouping = 'month';

export function isTaxReportGrouping(value: unknown): value is TaxReportGrouping {
  return (TAX_REPORT_GROUPINGS as readonly unknown[]).includes(value);
}

/** Figures of one month (null: the whole range), currency and key (a treatment, or a component and rate). */
export interface TaxFigures {
  readonly month: string | null;
  readonly currency: string;
  readonly taxable: bigint;
  readonly tax: bigint;
}

export interface NetTaxFigures extends TaxFigures {
  /** What keyOf gave: a treatment, or a component and rate. */
  readonly key: string;
  taxable: bigint;
  tax: bigint;
}

/**
 * What invoices charged less what credit notes took back, per month, currency and `keyOf`: a key
 * with only credit notes in a month comes out negative (a credit note on last month's invoice),
 * as it does on a return. In the invoices' order, then the keys only credit notes have.
 */
export function netTaxFigures<R extends TaxFigures>(charged: readonly R[], credited: readonly R[], keyOf: (row: R) => string): NetTaxFigures[] {
  const net = new Map<string, NetTaxFigures>();
  const add = (row: R, sign: 1n | -1n) => {
    const key = keyOf(row);
    const id = `${row.month ?? ''}|${row.currency}|${key}`;
    const entry = net.get(id) ?? { month: row.month, currency: row.currency, key, taxable: 0n, tax: 0n };
    entry.taxable += sign * row.taxable;
    entry.tax += sign * row.tax;
    net.set(id, entry);
  };
  charged.forEach((row) => add(row, 1n));
  credited.forEach((row) => add(row, -1n));
  return [...net.values()].sort((a, b) => (a.month ?? '').localeCompare(b.month ?? '') || a.currency.localeCompare(b.currency));
}
