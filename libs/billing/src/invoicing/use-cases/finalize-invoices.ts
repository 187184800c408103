// Finalization: a draft becomes the invoice the customer owes. The one use case for the worker's
// automatic finalization (drafts of the billing cycle whose autoFinalizeAt came) and for
// `POST /api/invoices/:id/finalize`. In the caller's transaction (or its own): the drafts are
// re-priced with the tax context's current plan (so the tax snapshot is the parties as they are at
// finalization), numbered from the invoice sequence (only finalization takes a number: gapless,
// since a rollback gives the block back), dated (issued now, due on the payment terms unless a
// due date was set on the draft), settled with the customer's credit and announced
// (invoice.finalized, invoice.paid when nothing is left due; a negative total is paid and its surplus
// credited to the balance, as at issuance). Coupons were applied as discount
// lines when the draft was made; they are recomputed on the lines it is finalized with (an edit
// since may have changed them), and one that takes nothing off is left off. A discount removed
// since has already left the draft (withdrawDiscountsFromDrafts); the coupon's own expiry or
// archiving does not matter once it was applied (Stripe: a discount lasts its duration).
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@nova/common';
import { DomainError, couponDiscountsAtFinalization, formatInvoiceNumber, transitionInvoice } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type ClockScope, customerClockTime, selectCustomerPaymentTerms } from '../../customers';
import { consumeAllowance } from '../../platform-usage';
import type { TenantBillingSettings } from '../tenant-billing-settings';
import type { InvoiceDraft } from '../invoice-draft';
import { recordInvoiceEvents } from '../invoice-resource';
import {
  type LockedDraft,
  claimDueDrafts,
  lockInvoicesForFinalization,
  replaceDraftLines,
  reserveInvoiceSequences,
  saveFinalizedDrafts,
  selectDraftLines,
} from '../invoices.repository';
import { applyCustomerCreditAtFinalization } from './apply-customer-credit';
import { getInvoice, type InvoiceWithLines } from './get-invoice';
import type { MonthlyInvoiceLimit } from './issue-invoices';
import { priceInvoices } from './price-invoices';

const DAY_MS = 86_400_000;

export interface FinalizedInvoice {
  id: string;
  number: string;
  total: bigint;
  /** Less the customer's credit applied. */
  amountDue: bigint;
}

/**
 * Finalizes drafts the caller holds locked (in this order: their numbers follow it). Re-prices
 * each from its lines (with the tax rate each line was taxed at), so an edit since and the
 * parties' current tax details are what the invoice says.
 */
export async function finalizeLockedDrafts(client: PoolClient, settings: TenantBillingSettings, drafts: readonly LockedDraft[], at: Date, monthlyLimit: MonthlyInvoiceLimit = 'count_only'): Promise<FinalizedInvoice[]> {
  if (drafts.length === 0) return [];
  for (const draft of drafts) transitionInvoice(draft.state, { type: 'finalize' }); // refuses a non-draft (409)
  const ids = drafts.map((draft) => draft.id);
  const linesByInvoice = await selectDraftLines(client, ids);
  const invoiceDrafts: InvoiceDraft[] = drafts.map((draft) => ({
    id: draft.id,
    customerId: draft.customerId,
    subscriptionId: draft.subscriptionId ?? undefined,
    currency: draft.currency,
    periodStart: draft.periodStart ?? undefined,
    periodEnd: draft.periodEnd ?? undefined,
    lines: couponDiscountsAtFinalization(linesByInvoice.get(draft.id) ?? []),
  }));
  const priced = await priceInvoices(client, invoiceDrafts);
  const customerTerms = await selectCustomerPaymentTerms(client, [...new Set(drafts.map((draft) => draft.customerId))]);
  const firstSequence = await reserveInvoiceSequences(client, drafts.length);
  // An invoice counts in the month it is finalized in (issueInvoices' lock order: the sequence, then the allowance).
  await consumeAllowance(client, 'invoicesPerMonth', { count: drafts.length, max: settings.invoicesPerMonth, at, timeZone: settings.timeZone, enforce: monthlyLimit === 'enforce' });
  const rows = drafts.map((draft, index) => {
    const { totals, tax } = priced[index]!;
    const sequence = firstSequence + BigInt(index);
    const state = transitionInvoice({ ...draft.state, amountDue: totals.total }, { type: 'finalize' });
    const terms = customerTerms.get(draft.customerId) ?? settings.paymentTermsDays;
    return {
      id: draft.id,
      customerId: draft.customerId,
      currency: draft.currency,
      number: formatInvoiceNumber(settings.invoicePrefix, sequence),
      sequence,
      status: state.status,
      paidAt: state.status === 'paid' ? at : null,
      subtotal: totals.subtotal,
      tax: totals.taxTotal,
      total: totals.total,
      amountDue: state.amountDue,
      dueAt: draft.dueAtSet ? draft.dueAt : new Date(at.getTime() + terms * DAY_MS),
      taxTreatment: tax?.treatment ?? null,
      taxNote: tax?.note ?? null,
      placeOfSupply: tax?.placeOfSupply ?? null,
      taxSnapshot: tax?.snapshot ?? null,
    };
  });
  await replaceDraftLines(
    client,
    ids,
    priced.flatMap((pricing, index) => pricing.lines.map((line) => ({ ...line, invoiceId: ids[index]! }))),
    priced.flatMap((pricing, index) => pricing.lineTaxes.map((tax) => ({ ...tax, invoiceId: ids[index]! }))),
  );
  await saveFinalizedDrafts(client, rows, at);
  const creditApplied = await applyCustomerCreditAtFinalization(client, rows, at);
  await recordInvoiceEvents(client, ids, (invoice) => (invoice.status === 'paid' ? ['invoice.finalized', 'invoice.paid'] : ['invoice.finalized']));
  return rows.map((row) => ({ id: row.id, number: row.number, total: row.total, amountDue: row.total - (creditApplied.get(row.id) ?? 0n) }));
}

/**
 * `POST /api/invoices/:id/finalize`: a draft finalized by hand; a finalized one is a 409, an unknown one a 404.
 * Dated `at`, else now for its customer (a test clock's customer: the clock's frozen time).
 */
export async function finalizeInvoice(db: TenantDatabase, settings: TenantBillingSettings, command: { invoiceId: string; at?: Date }): Promise<InvoiceWithLines> {
  await inTransaction(db.pool, async (client) => {
    const [draft] = await lockInvoicesForFinalization(client, [command.invoiceId]);
    if (!draft) throw DomainError.notFound('Invoice', command.invoiceId);
    // The tenant's own request: past the plan's invoicesPerMonth it is a 402, as a one-off invoice is.
    const at = command.at ?? (await customerClockTime(client, draft.customerId)) ?? new Date();
    await finalizeLockedDrafts(client, settings, [draft], at, 'enforce');
  });
  return getInvoice(db, command.invoiceId);
}

/**
 * The worker's automatic finalization: every draft whose autoFinalizeAt has come by `asOf`, in
 * batches of one transaction each, claimed FOR UPDATE SKIP LOCKED (concurrent runs share the work,
 * and a draft being finalized or edited by hand is left for the next run). Idempotent: a finalized
 * draft is no longer a draft. Returns how many were finalized.
 */
export async function finalizeDueDrafts(
  pool: Pool,
  settings: TenantBillingSettings,
  asOf = new Date(),
  batchSize = 500,
  /** scope: the customers on no test clock (default), or one clock's; finalizedAt: now, or the clock's time. */
  options: { scope?: ClockScope; finalizedAt?: Date } = {},
): Promise<number> {
  let finalized = 0;
  for (;;) {
    const count = await inTransaction(pool, async (client) => {
      const due = await claimDueDrafts(client, asOf, batchSize, options.scope);
      return (await finalizeLockedDrafts(client, settings, due, options.finalizedAt ?? new Date())).length;
    });
    finalized += count;
    if (count < batchSize) return finalized;
  }
}
