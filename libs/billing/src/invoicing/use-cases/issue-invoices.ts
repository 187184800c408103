// The one way invoices come into being: the billing cycle's renewals, a new subscription's first
// period, a canceled subscription's final usage. Set-based: a constant number of statements,
// whatever the batch size (the billing-run benchmark measures this path). Tax is decided here for
// every invoice alike (planInvoicesTax, the tax context): per line and component, with both parties
// snapshotted on the invoice; a tenant without a tax profile issues with tax 0.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { type InvoiceState, formatInvoiceNumber, invoiceStateWhileCollectionPaused } from '@nova/domain';
import { selectCustomerPaymentTerms } from '../../customers';
import { consumeAllowance } from '../../platform-usage';
import { TenantBillingSettings } from '../tenant-billing-settings';
import { applyCustomerCreditAtFinalization, finalizedInvoiceStatus } from './apply-customer-credit';
import { markPendingItemsTaken, takePendingInvoiceItems } from './pending-invoice-items';
import type { InvoiceDraft, InvoiceLineDraft } from '../invoice-draft';
import { NewInvoiceRow, insertInvoiceLineTaxes, insertInvoiceLines, insertInvoices, reserveInvoiceSequences } from '../invoices.repository';
import { priceInvoices } from './price-invoices';
import { type InvoiceEventType, recordInvoiceEvents } from '../invoice-resource';

export type { InvoiceDraft, InvoiceLineDraft };

export interface IssuedInvoice {
  id: string;
  /** Null for a draft (numbered at finalization). */
  number: string | null;
  subscriptionId?: string;
  total: bigint;
  /** The total less the customer's credit applied at finalization. */
  amountDue: bigint;
}

/** Whether the invoice starts as a draft (no number, no credit, not payable): asked for, or a paused subscription's kept as draft. */
function isIssuedAsDraft(draft: InvoiceDraft): boolean {
  return draft.pausedCollection ? draft.pausedCollection === 'keep_as_draft' : draft.asDraft !== undefined;
}

/** The state an invoice is issued in: finalized (open, or paid when nothing is due), unless a draft or its collection is paused. */
function issuedState(draft: InvoiceDraft, total: bigint, issuedAt: Date): InvoiceState {
  if (draft.pausedCollection) return invoiceStateWhileCollectionPaused(draft.pausedCollection, total, issuedAt);
  if (draft.asDraft) return { status: 'draft', amountDue: total, amountPaid: 0n, paidAt: null, voidedAt: null };
  const status = finalizedInvoiceStatus(total);
  return { status, amountDue: total, amountPaid: 0n, paidAt: status === 'paid' ? issuedAt : null, voidedAt: null };
}

const DAY_MS = 86_400_000;

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
 * Every invoice issued counts in its calendar month in the tenant's zone (settings.timeZone). `enforce` (what the tenant asks for through the
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
 * Drafts (`asDraft`, or a paused subscription's keep_as_draft) are priced and written the same way but take no
 * number, no credit and no allowance: finalizeLockedDrafts does that when they are finalized.
 */
export async function issueInvoices(client: PoolClient, settings: TenantBillingSettings, drafts: InvoiceDraft[], issuedAt = new Date(), monthlyLimit: MonthlyInvoiceLimit = 'count_only'): Promise<IssuedInvoice[]> {
  if (drafts.length === 0) return [];
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
  const priced = await priceInvoices(client, withPending);
  // Numbers only for what is finalized now: a draft takes its number when it is finalized, so numbers stay gapless.
  const numbered = withPending.filter((draft) => !isIssuedAsDraft(draft)).length;
  const firstSequence = numbered === 0 ? 0n : await reserveInvoiceSequences(client, numbered);
  // After the sequence (every issuance takes the two row locks in this order: no deadlock). A draft counts when it is finalized.
  if (numbered > 0) await consumeAllowance(client, 'invoicesPerMonth', { count: numbered, max: settings.invoicesPerMonth, at: issuedAt, timeZone: settings.timeZone, enforce: monthlyLimit === 'enforce' });
  let nextSequence = firstSequence;
  const invoices = withPending.map((draft, index) => {
    const { totals, tax } = priced[index]!;
    const state = issuedState(draft, totals.total, issuedAt);
    const sequence = state.status === 'draft' ? null : nextSequence++;
    const row: NewInvoiceRow = {
      id: ids[index]!,
      number: sequence === null ? null : formatInvoiceNumber(settings.invoicePrefix, sequence),
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
      autoFinalizeAt: state.status === 'draft' && !draft.pausedCollection ? (draft.asDraft?.autoFinalizeAt ?? null) : null,
    };
    return { row, draft, totals, tax };
  });
  await insertInvoices(client, invoices.map((invoice) => invoice.row), issuedAt);
  await insertInvoiceLines(client, priced.flatMap((pricing, index) => pricing.lines.map((line) => ({ ...line, invoiceId: ids[index]! }))));
  await markPendingItemsTaken(client, pending);
  await insertInvoiceLineTaxes(client, priced.flatMap((pricing, index) => pricing.lineTaxes.map((tax) => ({ ...tax, invoiceId: ids[index]! }))));
  // Drafts take no credit (nor do a paused subscription's invoices): finalization settles it.
  const creditApplied = await applyCustomerCreditAtFinalization(client, invoices.filter(({ draft, row }) => !draft.pausedCollection && row.status !== 'draft').map(({ row }) => row), issuedAt);
  // Issued means finalized at once, but for a paused subscription's draft; covered by credit, it is paid as well.
  await recordInvoiceEvents(client, invoices.map(({ row }) => row.id), (invoice) => ISSUANCE_EVENTS[invoice.status] ?? ['invoice.created', 'invoice.finalized']);

  return invoices.map(({ row, draft }) => ({ id: row.id, number: row.number, subscriptionId: draft.subscriptionId, total: row.total, amountDue: row.amountDue - (creditApplied.get(row.id) ?? 0n) }));
}
