// A draft changed by hand before it is finalized (Stripe's draft invoice update): its memo, due
// date, lines (replace, remove, add; each with its own tax rate) and discount lines. Only a draft
// (the invoice machine's `edit`: 409 otherwise); its totals and tax are re-priced with the same
// code as issuance (priceInvoices), in one transaction under the invoice's row lock. A coupon's
// discount line follows the lines (followCouponDiscounts: a percentage recomputed on them, an
// amount off capped at their subtotal), and its tax share with it.
import { inTransaction } from '@nova/common';
import {
  DomainError,
  type DraftDiscount,
  INVOICE_MEMO_MAX_LENGTH,
  INVOICE_LINE_DESCRIPTION_MAX_LENGTH,
  MANUAL_INVOICE_MAX_LINES,
  type ManualLine,
  assertManualLines,
  draftDueAtProblem,
  editDraftLines,
  canTransitionInvoice,
  followCouponDiscounts,
  transitionInvoice,
} from '@nova/domain';
import type { PoolClient } from 'pg';
import type { TenantDatabase } from '@nova/tenant-db';
import type { InvoiceLineDraft } from '../invoice-draft';
import { recordInvoiceEvents } from '../invoice-resource';
import {
  type DraftLineRecord,
  type LockedDraft,
  deleteDraftInvoice,
  lockInvoicesForFinalization,
  replaceDraftLines,
  saveDraft,
  selectDraftLines,
  selectDraftsWithDiscounts,
} from '../invoices.repository';
import { getInvoice, type InvoiceWithLines } from './get-invoice';
import { priceInvoices } from './price-invoices';

type NewLine = ManualLine & { taxRateId?: string };

export interface EditDraftInvoiceCommand {
  invoiceId: string;
  /** Printed on the invoice; '' or null removes it. */
  memo?: string | null;
  /** Kept at finalization (else the payment terms date it then). */
  dueAt?: Date;
  /** Replaces every line. */
  lines?: NewLine[];
  /** Positions of the current lines to remove. */
  removeLines?: number[];
  addLines?: NewLine[];
  /** Replaces the discount lines. */
  discounts?: DraftDiscount[];
}

/** Whether the command changes the invoice's content (not only its metadata). */
export function isDraftEdit(command: Omit<EditDraftInvoiceCommand, 'invoiceId'>): boolean {
  return ['memo', 'dueAt', 'lines', 'removeLines', 'addLines', 'discounts'].some((field) => command[field as keyof typeof command] !== undefined);
}

/** New lines are checked as a hand-written invoice's are, naming the field they came in. */
function checkedLines(field: 'lines' | 'addLines', lines: NewLine[] | undefined): NewLine[] | undefined {
  if (!lines) return undefined;
  try {
    assertManualLines(lines);
  } catch (error) {
    // assertManualLines names `lines…`; these came in as `addLines…`.
    const problem = error instanceof DomainError ? error.details?.fields?.[0] : undefined;
    if (problem && field !== 'lines') throw DomainError.validation(problem.field.replace(/^lines/, field), problem.message);
    throw error;
  }
  return lines.map((line) => ({ description: line.description.trim(), quantity: line.quantity, unitAmount: line.unitAmount, ...(line.taxRateId ? { taxRateId: line.taxRateId } : {}) }));
}

export async function editDraftInvoice(db: TenantDatabase, command: EditDraftInvoiceCommand): Promise<InvoiceWithLines> {
  const memo = command.memo === undefined ? undefined : command.memo?.trim() || null;
  if (memo && memo.length > INVOICE_MEMO_MAX_LENGTH) throw DomainError.validation('memo', `must be at most ${INVOICE_MEMO_MAX_LENGTH} characters`);
  const dueAtProblem = command.dueAt === undefined ? null : draftDueAtProblem(command.dueAt, new Date());
  if (dueAtProblem) throw DomainError.validation('dueAt', dueAtProblem);
  command.discounts?.forEach((discount, index) => {
    const description = discount.description?.trim() ?? '';
    if (!description || description.length > INVOICE_LINE_DESCRIPTION_MAX_LENGTH) throw DomainError.validation(`discounts[${index}].description`, `must be 1 to ${INVOICE_LINE_DESCRIPTION_MAX_LENGTH} characters`);
  });
  const lines = checkedLines('lines', command.lines);
  const addLines = checkedLines('addLines', command.addLines);
  await inTransaction(db.pool, async (client) => {
    const [draft] = await lockInvoicesForFinalization(client, [command.invoiceId]);
    if (!draft) throw DomainError.notFound('Invoice', command.invoiceId);
    transitionInvoice(draft.state, { type: 'edit', amountDue: draft.state.amountDue }); // only a draft (409)
    const current = (await selectDraftLines(client, [draft.id])).get(draft.id) ?? [];
    const edited = editDraftLines<DraftLineRecord>(current, { lines, removeLines: command.removeLines, addLines, discounts: command.discounts?.map((d) => ({ description: d.description.trim(), amount: d.amount })) });
    if (edited.length > MANUAL_INVOICE_MAX_LINES) throw DomainError.validation('lines', `a draft holds at most ${MANUAL_INVOICE_MAX_LINES} lines`);
    const subtotal = edited.reduce((sum, line) => sum + BigInt(line.quantity) * line.unitAmount, 0n);
    if (subtotal < 0n && !draft.subscriptionId) throw DomainError.validation('lines', 'must not add up to less than zero');
    await repriceDraft(client, draft, edited, { memo: memo === undefined ? draft.memo : memo, dueAt: command.dueAt });
  });
  return getInvoice(db, command.invoiceId);
}

/**
 * Writes a locked draft's new lines, its coupons' discounts recomputed on them and all re-priced with the issuance's
 * tax code, and announces it (invoice.updated).
 */
async function repriceDraft(client: PoolClient, draft: LockedDraft, edited: InvoiceLineDraft[], change: { memo: string | null; dueAt?: Date }): Promise<void> {
  const lines = followCouponDiscounts(edited);
  const [priced] = await priceInvoices(client, [
    { id: draft.id, customerId: draft.customerId, subscriptionId: draft.subscriptionId ?? undefined, currency: draft.currency, periodStart: draft.periodStart ?? undefined, periodEnd: draft.periodEnd ?? undefined, lines },
  ]);
  const { totals, tax } = priced!;
  const state = transitionInvoice(draft.state, { type: 'edit', amountDue: totals.total });
  await replaceDraftLines(client, [draft.id], priced!.lines.map((line) => ({ ...line, invoiceId: draft.id })), priced!.lineTaxes.map((lineTax) => ({ ...lineTax, invoiceId: draft.id })));
  await saveDraft(client, {
    id: draft.id,
    subtotal: totals.subtotal,
    tax: totals.taxTotal,
    total: totals.total,
    amountDue: state.amountDue,
    taxTreatment: tax?.treatment ?? null,
    taxNote: tax?.note ?? null,
    placeOfSupply: tax?.placeOfSupply ?? null,
    taxSnapshot: tax?.snapshot ?? null,
    memo: change.memo,
    dueAt: change.dueAt ?? draft.dueAt,
    dueAtSet: change.dueAt ? true : draft.dueAtSet,
  });
  await recordInvoiceEvents(client, [draft.id], () => ['invoice.updated']);
}

/**
 * A subscription canceled with proration while its period's invoice is still a draft: the unused
 * time goes on the draft as a credit line (priced and taxed as the period line it credits), so the
 * invoice, once finalized, charges only the time used. In the caller's transaction; false when
 * the invoice is no longer a draft.
 */
export async function creditDraftForUnusedTime(client: PoolClient, invoiceId: string, credit: { amount: bigint; periodStart: Date; description: string }): Promise<boolean> {
  const [draft] = await lockInvoicesForFinalization(client, [invoiceId]);
  if (!draft || !canTransitionInvoice(draft.state, 'edit')) return false;
  const current = (await selectDraftLines(client, [draft.id])).get(draft.id) ?? [];
  const period = current.find((line) => line.priceId && line.periodStart?.getTime() === credit.periodStart.getTime());
  const line: InvoiceLineDraft = { description: credit.description, quantity: 1, unitAmount: -credit.amount, ...(period?.priceId ? { priceId: period.priceId } : {}), ...(period?.taxRateId ? { taxRateId: period.taxRateId } : {}) };
  await repriceDraft(client, draft, [...current, line], { memo: draft.memo });
  return true;
}

/**
 * Discounts that ended (removed, or replaced by another coupon) leave the drafts they were on: each such draft loses
 * the discount line and is re-priced (Stripe: a deleted discount is not applied when the draft is finalized), in the
 * caller's transaction, which ended them. Finalized invoices keep theirs. Returns the drafts changed.
 */
export async function withdrawDiscountsFromDrafts(client: PoolClient, discountIds: readonly string[]): Promise<string[]> {
  const ended = new Set(discountIds);
  const drafts = await lockInvoicesForFinalization(client, await selectDraftsWithDiscounts(client, discountIds));
  const changed: string[] = [];
  for (const draft of drafts) {
    if (!canTransitionInvoice(draft.state, 'edit')) continue;
    const current = (await selectDraftLines(client, [draft.id])).get(draft.id) ?? [];
    const kept = current.filter((line) => !line.coupon || !ended.has(line.coupon.discountId));
    if (kept.length === current.length) continue;
    await repriceDraft(client, draft, kept, { memo: draft.memo });
    changed.push(draft.id);
  }
  return changed;
}

/**
 * Deletes a draft (Stripe's): it never had a number, so nothing is missing from the sequence. A
 * finalized invoice is a 409 (void it instead), and so is a subscription's draft: its period stays
 * on record (void it, or edit it), so the period is never billed twice.
 */
export async function deleteDraftInvoiceById(db: TenantDatabase, command: { invoiceId: string }): Promise<void> {
  await inTransaction(db.pool, async (client) => {
    const [draft] = await lockInvoicesForFinalization(client, [command.invoiceId]);
    if (!draft) throw DomainError.notFound('Invoice', command.invoiceId);
    transitionInvoice(draft.state, { type: 'delete' }); // only a draft (409)
    if (draft.subscriptionId) throw DomainError.invalidState(`Invoice ${draft.id} is a subscription's draft: void it instead, so that its period stays on record`);
    await recordInvoiceEvents(client, [draft.id], () => ['invoice.deleted']);
    await deleteDraftInvoice(client, draft.id);
  });
}
