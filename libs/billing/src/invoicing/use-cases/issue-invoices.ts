// The one way invoices come into being: the billing cycle's renewals, a new subscription's first
// period, a canceled subscription's final usage. Set-based: a constant number of statements,
// whatever the batch size (the billing-run benchmark measures this path). Tax is decided here for
// every invoice alike (planInvoicesTax, the tax context): per line and component, with both parties
// snapshotted on the invoice; a tenant without a tax profile issues with tax 0.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import {
  type DiscountTaxShare,
  type InvoiceState,
  type InvoiceTotals,
  computeInvoiceTotals,
  formatInvoiceNumber,
  invoiceStateWhileCollectionPaused,
  percentageOf,
  spreadDiscountTax,
} from '@nova/domain';
import { selectCustomerPaymentTerms } from '../../customers';
import { consumeAllowance } from '../../platform-usage';
import { type InvoiceTaxing, planInvoicesTax } from '../../tax';
import { TenantBillingSettings } from '../tenant-billing-settings';
import { applyCustomerCreditAtFinalization, finalizedInvoiceStatus } from './apply-customer-credit';
import { markPendingItemsTaken, takePendingInvoiceItems } from './pending-invoice-items';
import type { InvoiceDraft, InvoiceLineDraft } from '../invoice-draft';
import { NewInvoiceLineRow, NewInvoiceLineTaxRow, NewInvoiceRow, insertInvoiceLineTaxes, insertInvoiceLines, insertInvoices, reserveInvoiceSequences } from '../invoices.repository';
import { type InvoiceEventType, recordInvoiceEvents } from '../invoice-resource';

export type { InvoiceDraft, InvoiceLineDraft };

export interface IssuedInvoice {
  id: string;
  number: string;
  subscriptionId?: string;
  total: bigint;
  /** The total less the customer's credit applied at finalization. */
  amountDue: bigint;
}

/** The state an invoice is issued in: finalized (open, or paid when nothing is due), unless its collection is paused. */
function issuedState(draft: InvoiceDraft, total: bigint, issuedAt: Date): InvoiceState {
  if (draft.pausedCollection) return invoiceStateWhileCollectionPaused(draft.pausedCollection, total, issuedAt);
  const status = finalizedInvoiceStatus(total);
  return { status, amountDue: total, amountPaid: 0n, paidAt: status === 'paid' ? issuedAt : null, voidedAt: null };
}

const DAY_MS = 86_400_000;

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

/** The events of an invoice just issued, by the status it was issued in (a paused subscription's may be a draft, void or written off). */
const ISSUANCE_EVENTS: Readonly<Record<string, InvoiceEventType[]>> = {
  draft: ['invoice.created'],
  open: ['invoice.created', 'invoice.finalized'],
  paid: ['invoice.created', 'invoice.finalized', 'invoice.paid'],
  uncollectible: ['invoice.created', 'invoice.finalized', 'invoice.marked_uncollectible'],
  void: ['invoice.created', 'invoice.voided'],
};

/**
 * What happens at the `invoicesPerMonth` limit of the tenant's NovaBilling plan (settings.invoicesPerMonth).
 * Every invoice issued counts in its UTC month. `enforce` (what the tenant asks for through the
 * API now: a one-off invoice, a new subscription's first period) refuses past the limit with a 402
 * and issues nothing. `count_only` (the billing cycle: renewals and final usage of subscriptions
 * the tenant already sold) always issues: the plan never makes the tenant's customers go unbilled
 * or bills them late; the cycle's invoices fill the month's allowance so the tenant's own
 * invoices are refused sooner.
 */
export type MonthlyInvoiceLimit = 'enforce' | 'count_only';

/**
 * Issues invoices in bulk: one UPDATE reserves a block of invoice numbers (the tenant's prefix,
 * formatInvoiceNumber), one INSERT writes the invoices, one the lines. Must run inside the
 * caller's transaction: numbering is gapless because a rollback also rolls back the reserved
 * block. A second invoice for the same subscription and period violates
 * `invoices_subscription_id_period_start_key` and aborts the transaction. The first collected invoice of each
 * subscription in the batch also takes that subscription's pending invoice items (proration lines), exactly once.
 */
export async function issueInvoices(client: PoolClient, settings: TenantBillingSettings, drafts: InvoiceDraft[], issuedAt = new Date(), monthlyLimit: MonthlyInvoiceLimit = 'count_only'): Promise<IssuedInvoice[]> {
  if (drafts.length === 0) return [];
  const firstSequence = await reserveInvoiceSequences(client, drafts.length);
  // After the sequence (every issuance takes the two row locks in this order: no deadlock).
  await consumeAllowance(client, 'invoicesPerMonth', { count: drafts.length, max: settings.invoicesPerMonth, at: issuedAt, enforce: monthlyLimit === 'enforce' });
  // A customer's own payment terms win over the tenant's (one query for the batch).
  const customerTerms = await selectCustomerPaymentTerms(client, [...new Set(drafts.map((draft) => draft.customerId))]);
  const dueAtFor = (customerId: string) => new Date(issuedAt.getTime() + (customerTerms.get(customerId) ?? settings.paymentTermsDays) * DAY_MS);
  const ids = drafts.map((draft) => draft.id ?? randomUUID());
  const collectedSubscriptionInvoices = drafts.flatMap((draft, index) => (draft.subscriptionId && !draft.pausedCollection ? [{ invoiceId: ids[index]!, subscriptionId: draft.subscriptionId }] : []));
  const pending = await takePendingInvoiceItems(client, collectedSubscriptionInvoices);
  // The pending items (prorations) are lines like the others: taxed with them.
  const withPending = drafts.map((draft, index) => {
    const extraLines = pending.lines.get(ids[index]!);
    return extraLines ? { ...draft, lines: [...draft.lines, ...extraLines] } : draft;
  });
  // One statement without a tax profile; profile, prices, customers and rates once per batch with one.
  const taxing = await planInvoicesTax(client, withPending);

  const invoices = withPending.map((draft, index) => {
    const tax = taxing?.[index];
    const { totals, shares } = withDiscountTax(
      draft,
      computeInvoiceTotals(
        draft.currency,
        draft.lines.map((line, position) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: draft.currency, taxes: tax?.lines[position]!.components, taxBehavior: tax?.lines[position]!.behavior })),
      ),
      tax,
    );
    const sequence = firstSequence + BigInt(index);
    const state = issuedState(draft, totals.total, issuedAt);
    const row: NewInvoiceRow = {
      id: ids[index]!,
      number: formatInvoiceNumber(settings.invoicePrefix, sequence),
      sequence,
      customerId: draft.customerId,
      subscriptionId: draft.subscriptionId ?? null,
      status: state.status,
      amountDue: state.amountDue,
      paidAt: state.paidAt,
      voidedAt: state.voidedAt,
      currency: draft.currency,
      subtotal: totals.subtotal,
      tax: totals.taxTotal,
      total: totals.total,
      periodStart: draft.periodStart ?? null,
      periodEnd: draft.periodEnd ?? null,
      dueAt: dueAtFor(draft.customerId),
      memo: draft.memo ?? null,
      taxTreatment: tax?.treatment ?? null,
      taxNote: tax?.note ?? null,
      placeOfSupply: tax?.placeOfSupply ?? null,
      taxSnapshot: tax?.snapshot ?? null,
    };
    return { row, draft, totals, tax, shares };
  });
  await insertInvoices(client, invoices.map((invoice) => invoice.row), issuedAt);

  const lines = invoices.flatMap(({ row, draft, totals, tax }) =>
    draft.lines.map(
      (line, position): NewInvoiceLineRow => ({
        invoiceId: row.id,
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
      }),
    ),
  );
  await insertInvoiceLines(client, lines);
  await markPendingItemsTaken(client, pending);
  // computeLineTax keeps the components' order, so each amount sits beside the rule it came from.
  const lineTaxes = invoices.flatMap(({ row, totals, tax, shares }) =>
    (tax?.lines ?? []).flatMap((planned, linePosition) => {
      const discount = shares.get(linePosition);
      // A discount line's rows: one per rate and component it takes off, each with its share's taxable value.
      if (discount) {
        return discount.map(
          (share, position): NewInvoiceLineTaxRow => ({
            invoiceId: row.id,
            linePosition,
            position,
            taxRateId: share.rateId,
            code: share.code,
            percentage: share.percentage,
            taxable: share.taxable,
            amount: share.amount,
            taxBehavior: share.behavior,
          }),
        );
      }
      return totals.lines[linePosition]!.taxes.map(
        (component, position): NewInvoiceLineTaxRow => ({
          invoiceId: row.id,
          linePosition,
          position,
          taxRateId: planned.taxRateId,
          code: component.code,
          percentage: percentageOf(planned.components[position]!.rate),
          taxable: totals.lines[linePosition]!.taxable,
          amount: component.amount,
          taxBehavior: planned.behavior,
        }),
      );
    }),
  );
  await insertInvoiceLineTaxes(client, lineTaxes);
  const creditApplied = await applyCustomerCreditAtFinalization(client, invoices.filter(({ draft }) => !draft.pausedCollection).map(({ row }) => row), issuedAt);
  // Issued means finalized at once, but for a paused subscription's draft; covered by credit, it is paid as well.
  await recordInvoiceEvents(client, invoices.map(({ row }) => row.id), (invoice) => ISSUANCE_EVENTS[invoice.status] ?? ['invoice.created', 'invoice.finalized']);

  return invoices.map(({ row, draft }) => ({ id: row.id, number: row.number, subscriptionId: draft.subscriptionId, total: row.total, amountDue: row.amountDue - (creditApplied.get(row.id) ?? 0n) }));
}
