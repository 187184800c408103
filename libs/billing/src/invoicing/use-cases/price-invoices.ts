// What invoices come to, decided once for issuance, draft edits and finalization alike: the tax
// plan (the tax context's planInvoicesTax: one statement without a tax profile, a constant few
// with one) and the pure totals (computeInvoiceTotals), as the rows the repository writes.
import type { PoolClient } from 'pg';
import { type DiscountTaxShare, type InvoiceTotals, computeInvoiceTotals, percentageOf, spreadDiscountTax } from '@nova/domain';
import { type InvoiceTaxing, planInvoicesTax } from '../../tax';
import type { InvoiceDraft, InvoiceLineDraft } from '../invoice-draft';
import type { NewInvoiceLineRow, NewInvoiceLineTaxRow } from '../invoices.repository';

export interface PricedInvoice {
  totals: InvoiceTotals;
  /** Undefined without a tax profile (the invoice carries no tax). */
  tax: InvoiceTaxing | undefined;
  /** The lines as written, without their invoice id. */
  lines: Omit<NewInvoiceLineRow, 'invoiceId'>[];
  lineTaxes: Omit<NewInvoiceLineTaxRow, 'invoiceId'>[];
}

/** A discount line: negative, not a price's (a proration credit is), without a rate of its own (a coupon's, a hand-written discount). */
const isDiscountLine = (line: InvoiceLineDraft) => line.unitAmount * BigInt(line.quantity) < 0n && !line.priceId && !line.taxRateId;

/**
 * A taxed invoice's discount lines lower the taxable value of the lines they discount, pro rata per
 * rate and component (spreadDiscountTax), instead of being taxed at a rate of their own: their
 * totals and the invoice's are recomputed, and each keeps its shares for its tax rows.
 */
function withDiscountTax(draft: InvoiceDraft, totals: InvoiceTotals, tax: InvoiceTaxing | undefined): { totals: InvoiceTotals; shares: Map<number, readonly DiscountTaxShare[]> } {
  const shares = new Map<number, readonly DiscountTaxShare[]>();
  if (!tax || !draft.lines.some(isDiscountLine)) return { totals, shares };
  const spread = spreadDiscountTax(
    draft.lines.map((line, position) => ({
      amount: totals.lines[position]!.amount,
      discount: isDiscountLine(line),
      rateId: tax.lines[position]!.taxRateId,
      components: tax.lines[position]!.components,
      behavior: tax.lines[position]!.behavior,
    })),
  );
  const lines = totals.lines.map((line, position) => {
    const discount = spread[position];
    if (!discount) return line;
    shares.set(position, discount.taxes);
    const taxes = discount.taxes.map((share) => ({ code: share.code, amount: share.amount }));
    return { amount: line.amount, taxable: discount.taxable, taxes, taxAmount: discount.total - discount.taxable, total: discount.total };
  });
  const taxByCode = new Map<string, bigint>();
  for (const line of lines) for (const one of line.taxes) taxByCode.set(one.code, (taxByCode.get(one.code) ?? 0n) + one.amount);
  const subtotal = lines.reduce((sum, line) => sum + line.taxable, 0n);
  const taxTotal = lines.reduce((sum, line) => sum + line.taxAmount, 0n);
  return { totals: { currency: totals.currency, lines, subtotal, taxes: [...taxByCode].map(([code, amount]) => ({ code, amount })), taxTotal, total: subtotal + taxTotal }, shares };
}

/** Prices each draft in order (its lines, taxed: a line's rate, else its price's, its product's or the profile's default). */
export async function priceInvoices(client: PoolClient, drafts: readonly InvoiceDraft[]): Promise<PricedInvoice[]> {
  const taxing = await planInvoicesTax(client, drafts);
  return drafts.map((draft, index) => {
    const tax = taxing?.[index];
    const { totals, shares } = withDiscountTax(
      draft,
      computeInvoiceTotals(
        draft.currency,
        draft.lines.map((line, position) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: draft.currency, taxes: tax?.lines[position]!.components, taxBehavior: tax?.lines[position]!.behavior })),
      ),
      tax,
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
      coupon: line.coupon ?? null,
      taxableAmount: totals.lines[position]!.taxable,
      taxAmount: totals.lines[position]!.taxAmount,
      taxCode: tax?.lines[position]!.taxCode ?? null,
    }));
    // computeLineTax keeps the components' order, so each amount sits beside the rule it came from.
    const lineTaxes = (tax?.lines ?? []).flatMap((planned, linePosition) => {
      const discount = shares.get(linePosition);
      // A discount line's rows: one per rate and component it takes off, each with its share's taxable value.
      if (discount) {
        return discount.map((share, position) => ({
          linePosition,
          position,
          taxRateId: share.rateId,
          code: share.code,
          percentage: share.percentage,
          taxable: share.taxable,
          amount: share.amount,
          taxBehavior: share.behavior,
        }));
      }
      return totals.lines[linePosition]!.taxes.map((component, position) => ({
        linePosition,
        position,
        taxRateId: planned.taxRateId,
        code: component.code,
        percentage: percentageOf(planned.components[position]!.rate),
        taxable: totals.lines[linePosition]!.taxable,
        amount: component.amount,
        taxBehavior: planned.behavior,
      }));
    });
    return { totals, tax, lines, lineTaxes };
  });
}
