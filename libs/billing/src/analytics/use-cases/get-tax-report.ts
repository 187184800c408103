// The tax summary report of a period, per local month of the tenant (or the whole range) and
// currency: outward supplies by tax treatment (taxable, zero-rated exports, exempt, reverse
// charge), tax by component and rate (CGST 9 %, SGST 9 %, IGST 18 %, VAT 16 % …) with its taxable
// value, the credit notes issued (on their own rows, as GSTR-1 shows them) and both netted (as
// GSTR-3B and a VAT3 declare them) — the figures a GST or VAT return is filled from. Invoices count
// by the date they were finalized, credit notes by the date they were issued, void ones not at all.
import { csvTextCell } from '@nova/common';
import { DEFAULT_TIME_ZONE, DomainError, TAX_REPORT_GROUPINGS, TAX_REPORT_GROUPING_DEFAULT, isCurrencyCode, isTaxReportGrouping, netTaxFigures } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectTaxComponents, selectTaxCreditNoteComponents, selectTaxCreditNotes, selectTaxSupplies } from '../analytics.repository';
import type { ReportPeriodQuery, TaxReport } from '../analytics.types';
import { reportPeriod } from '../report-period';

export interface TaxReportQuery extends ReportPeriodQuery {
  currency?: string;
  /** month (default): rows per local month of the tenant's zone; range: the whole range at once. */
  groupBy?: string;
}

export async function getTaxReport(db: TenantDatabase, query: TaxReportQuery): Promise<TaxReport> {
  const period = reportPeriod(query);
  if (query.currency !== undefined && !isCurrencyCode(query.currency)) throw DomainError.validation('currency', 'must be an ISO 4217 currency code');
  const groupBy = query.groupBy ?? TAX_REPORT_GROUPING_DEFAULT;
  if (!isTaxReportGrouping(groupBy)) throw DomainError.validation('groupBy', `must be one of ${TAX_REPORT_GROUPINGS.join(', ')}`);
  const timeZone = query.timeZone ?? DEFAULT_TIME_ZONE;
  const scope = { ...period, currency: query.currency ?? null, timeZone, byMonth: groupBy === 'month' };
  const [supplyRows, componentRows, creditNoteRows, creditNoteComponentRows] = await Promise.all([
    selectTaxSupplies(db.pool, scope),
    selectTaxComponents(db.pool, scope),
    selectTaxCreditNotes(db.pool, scope),
    selectTaxCreditNoteComponents(db.pool, scope),
  ]);
  const supplies = supplyRows.map((row) => ({ ...row, taxable: BigInt(row.taxable), tax: BigInt(row.tax) }));
  const components = componentRows.map((row) => ({ ...row, taxable: BigInt(row.taxable), tax: BigInt(row.tax) }));
  const creditNotes = creditNoteRows.map((row) => ({ ...row, amount: BigInt(row.amount), taxable: BigInt(row.amount) - BigInt(row.tax), tax: BigInt(row.tax) }));
  const creditNoteComponents = creditNoteComponentRows.map((row) => ({ ...row, taxable: BigInt(row.taxable), tax: BigInt(row.tax) }));
  const rateKey = (row: { code: string; percentage: string }) => `${row.code}\u0000${row.percentage}`;
  return {
    ...period,
    currency: scope.currency,
    groupBy,
    timeZone,
    supplies,
    components,
    creditNotes,
    creditNoteComponents,
    netSupplies: netTaxFigures<{ month: string | null; currency: string; treatment: string; taxable: bigint; tax: bigint }>(supplies, creditNotes, (row) => row.treatment).map(({ key, ...row }) => ({
      ...row,
      treatment: key,
    })),
    netComponents: netTaxFigures<{ month: string | null; currency: string; code: string; percentage: string; taxable: bigint; tax: bigint }>(components, creditNoteComponents, rateKey).map(({ key, ...row }) => {
      const [code, percentage] = key.split('\u0000') as [string, string];
      return { ...row, code, percentage };
    }),
  };
}

const CSV_HEADER = 'month,section,currency,treatment,code,percentage,count,taxable_value,tax';

/**
 * The report as one CSV table (amounts in minor units): per month (empty for the whole range), a row per supply
 * treatment, tax component, credit note total and credit note tax component, then the net rows (supplies and tax
 * less credit notes).
 */
export function taxReportCsv(report: TaxReport): string {
  const month = (row: { month: string | null }) => csvTextCell(row.month ?? '');
  const rows = [
    ...report.supplies.map((row) => [month(row), 'supply', csvTextCell(row.currency), csvTextCell(row.treatment), '', '', row.invoices, row.taxable, row.tax]),
    ...report.components.map((row) => [month(row), 'tax', csvTextCell(row.currency), 'taxable', csvTextCell(row.code), csvTextCell(row.percentage), row.invoices, row.taxable, row.tax]),
    ...report.creditNotes.map((row) => [month(row), 'credit_notes', csvTextCell(row.currency), csvTextCell(row.treatment), '', '', row.creditNotes, row.taxable, row.tax]),
    ...report.creditNoteComponents.map((row) => [month(row), 'credit_note_tax', csvTextCell(row.currency), '', csvTextCell(row.code), csvTextCell(row.percentage), row.creditNotes, row.taxable, row.tax]),
    ...report.netSupplies.map((row) => [month(row), 'net_supply', csvTextCell(row.currency), csvTextCell(row.treatment), '', '', '', row.taxable, row.tax]),
    ...report.netComponents.map((row) => [month(row), 'net_tax', csvTextCell(row.currency), '', csvTextCell(row.code), csvTextCell(row.percentage), '', row.taxable, row.tax]),
  ];
  // By month first, each section's rows in order within it (a stable sort keeps the sections' order).
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return [CSV_HEADER, ...rows.map((row) => row.join(','))].join('\n') + '\n';
}
