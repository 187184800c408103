// The tax summary report of a period, per currency: outward supplies by tax treatment (taxable,
// zero-rated exports, exempt, reverse charge), tax by component and rate (CGST 9 %, SGST 9 %,
// IGST 18 %, VAT 16 % …) with its taxable value, and the credit notes issued — the figures a GST
// or VAT return is filled from. Invoices count by issue date, void ones not at all.
import { csvTextCell } from '@nova/common';
import { DomainError, isCurrencyCode } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectTaxComponents, selectTaxCreditNoteComponents, selectTaxCreditNotes, selectTaxSupplies } from '../analytics.repository';
import type { ReportPeriodQuery, TaxReport } from '../analytics.types';
import { reportPeriod } from '../report-period';

export interface TaxReportQuery extends ReportPeriodQuery {
  currency?: string;
}

export async function getTaxReport(db: TenantDatabase, query: TaxReportQuery): Promise<TaxReport> {
  const period = reportPeriod(query);
  if (query.currency !== undefined && !isCurrencyCode(query.currency)) throw DomainError.validation('currency', 'must be an ISO 4217 currency code');
  const currency = query.currency ?? null;
  const [supplies, components, creditNotes, creditNoteComponents] = await Promise.all([
    selectTaxSupplies(db.pool, period, currency),
    selectTaxComponents(db.pool, period, currency),
    selectTaxCreditNotes(db.pool, period, currency),
    selectTaxCreditNoteComponents(db.pool, period, currency),
  ]);
  return {
    ...period,
    currency,
    supplies: supplies.map((row) => ({ ...row, taxable: BigInt(row.taxable), tax: BigInt(row.tax) })),
    components: components.map((row) => ({ ...row, taxable: BigInt(row.taxable), tax: BigInt(row.tax) })),
    creditNotes: creditNotes.map((row) => ({ ...row, amount: BigInt(row.amount), tax: BigInt(row.tax) })),
    creditNoteComponents: creditNoteComponents.map((row) => ({ ...row, tax: BigInt(row.tax) })),
  };
}

const CSV_HEADER = 'section,currency,treatment,code,percentage,count,taxable_value,tax';

/** The report as one CSV table (amounts in minor units): a row per supply treatment, tax component, credit note total and credit note tax component. */
export function taxReportCsv(report: TaxReport): string {
  const rows = [
    ...report.supplies.map((row) => ['supply', csvTextCell(row.currency), csvTextCell(row.treatment), '', '', row.invoices, row.taxable, row.tax]),
    ...report.components.map((row) => ['tax', csvTextCell(row.currency), 'taxable', csvTextCell(row.code), csvTextCell(row.percentage), row.invoices, row.taxable, row.tax]),
    ...report.creditNotes.map((row) => ['credit_notes', csvTextCell(row.currency), '', '', '', row.creditNotes, row.amount - row.tax, row.tax]),
    ...report.creditNoteComponents.map((row) => ['credit_note_tax', csvTextCell(row.currency), '', csvTextCell(row.code), csvTextCell(row.percentage), row.creditNotes, '', row.tax]),
  ];
  return [CSV_HEADER, ...rows.map((row) => row.join(','))].join('\n') + '\n';
}
