// What invoices come to, decided once for issuance, draft edits and finalization alike: the tax
// plan (the tax context's planInvoicesTax: one statement without a tax profile, a constant few
// with one) and the pure totals (computeInvoiceTotals), as the rows the repository writes.
import type { PoolClient } from 'pg';
import { type InvoiceTotals, computeInvoiceTotals, percentageOf } from '@nova/domain';
import { type InvoiceTaxing, planInvoicesTax } from '../../tax';
import type { InvoiceDraft } from '../invoice-draft';
import type { NewInvoiceLineRow, NewInvoiceLineTaxRow } from '../invoices.repository';

export interface PricedInvoice {
  totals: InvoiceTotals;
  /** Undefined without a tax profile (the invoice carries no tax). */
  tax: InvoiceTaxing | undefined;
  /** The lines as written, without their invoice id. */
  lines: Omit<NewInvoiceLineRow, 'invoiceId'>[];
  lineTaxes: Omit<NewInvoiceLineTaxRow, 'invoiceId'>[];
}

/** Prices each draft in order (its lines, taxed: a line's rate, else its price's, its product's or the profile's default). */
export async function priceInvoices(client: PoolClient, drafts: readonly InvoiceDraft[]): Promise<PricedInvoice[]> {
  const taxing = await planInvoicesTax(client, drafts);
  return drafts.map((draft, index) => {
    const tax = taxing?.[index];
    const totals = computeInvoiceTotals(
      draft.currency,
      draft.lines.map((line, position) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: draft.currency, taxes: tax?.lines[position]!.components, taxBehavior: tax?.lines[position]!.behavior })),
    );
    const lines = draft.lines.map((line, position) => ({
      position,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: totals.lines[position]!.amount,
      priceId: line.priceId ?? null,
      periodStart: line.periodStart ?? null,
      periodEnd: line.periodEnd ?? null,
      usage: line.usage ?? null,
      taxableAmount: totals.lines[position]!.taxable,
      taxAmount: totals.lines[position]!.taxAmount,
      taxCode: tax?.lines[position]!.taxCode ?? null,
    }));
    // computeLineTax keeps the components' order, so each amount sits beside the rule it came from.
    const lineTaxes = (tax?.lines ?? []).flatMap((planned, linePosition) =>
      totals.lines[linePosition]!.taxes.map((component, position) => ({
        linePosition,
        position,
        taxRateId: planned.taxRateId,
        code: component.code,
        percentage: percentageOf(planned.components[position]!.rate),
        taxable: totals.lines[linePosition]!.taxable,
        amount: component.amount,
        taxBehavior: planned.behavior,
      })),
    );
    return { totals, tax, lines, lineTaxes };
  });
}
