// Credit notes against finalized invoices: issue one (it lowers what is due, then credits the
// customer's balance — planCreditNote in the domain decides the split), void one while what it
// did can be undone, read them. Numbered CN-000001… gaplessly, taken in the issuing transaction.
import { inTransaction, type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import {
  CREDIT_NOTE_MEMO_MAX_LENGTH,
  CREDIT_NOTE_REASONS,
  creditableAmount,
  creditForUnusedTime,
  isCreditableInvoiceStatus,
  type CreditNoteReason,
  creditNoteVoidRefusal,
  DomainError,
  formatInvoiceNumber,
  metadataProblem,
  planCreditNote,
  planCreditNoteLines,
  type CreditNoteLineRequest,
  type CreditNoteMoney,
  type CreditNotePlan,
  type PlannedCreditNoteLine,
  splitCreditNoteMoney,
  splitTaxShare,
  transitionInvoice,
} from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { lockCreditBalance, recordBalanceTransaction } from '../../customers';
import {
  type CreditNoteFilter,
  type CreditNoteRecord,
  creditNotePosition,
  findCreditNote,
  insertCreditNote,
  lockCreditNote,
  markCreditNoteVoid,
  reserveCreditNoteSequence,
  selectCreditNotePage,
  saveCreditNoteRefund,
  selectCreditNoteIdByRefund,
  selectCreditableInvoiceLines,
  selectPendingCreditNoteRefunds,
  sumCreditNoteRefunds,
} from '../credit-notes.repository';
import type { PoolClient } from 'pg';
import { addCreditedAmounts, findPeriodCharge, lockInvoiceForCredit, saveInvoiceState, selectInvoiceTaxComponents } from '../invoices.repository';
import { creditNoteResource, recordInvoiceEvents } from '../invoice-resource';
import { creditDraftForUnusedTime } from './edit-draft-invoice';
import { recordEvent } from '@nova/events';

export type { CreditNoteRecord, CreditNoteFilter };

/** Credit note numbers: their own sequence, printed like invoice numbers. */
const CREDIT_NOTE_PREFIX = 'CN';

export interface IssueCreditNoteCommand {
  invoiceId: string;
  /** Minor units, tax included; the whole rest of the invoice when omitted (and no lines are given). */
  amount?: bigint;
  /** Per-line credit (Stripe's credit note lines): instead of amount. */
  lines?: CreditNoteLineRequest[];
  /** Where what does not lower the amount due goes (splitCreditNoteMoney); all to the balance when none is given. */
  creditAmount?: bigint;
  refundAmount?: bigint;
  outOfBandAmount?: bigint;
  reason: CreditNoteReason;
  memo?: string;
  metadata?: Record<string, unknown>;
}

/** The provider payment of an invoice a credit note's refund goes through, locked, and what it still has to refund (collection's). */
/** The payment a refund would go through: what it can still refund, and `wholeOnly` when it is refunded only as a whole (this amount). */
export type RefundSourceLookup = (client: PoolClient, invoiceId: string) => Promise<{ paymentId: string; refundable: bigint; wholeOnly?: bigint } | null>;

/** What a credit note would be: the amounts, its tax and where the money goes (issue and preview alike). */
export interface CreditNoteQuote {
  invoice: NonNullable<Awaited<ReturnType<typeof lockInvoiceForCredit>>>;
  plan: CreditNotePlan;
  money: CreditNoteMoney;
  lines: readonly PlannedCreditNoteLine[];
  taxComponents: { code: string; percentage: string; amount: bigint }[];
  refundPaymentId: string | null;
}

export interface CreditNoteIssued {
  note: CreditNoteRecord;
  /** The open invoice this note paid off (nothing left due), for what follows an invoice becoming paid (collection's). */
  paidInvoice: { id: string; subscriptionId: string | null } | null;
}

/**
 * Decides a credit note without writing it (the invoice is locked for the caller's transaction):
 * by lines (planCreditNoteLines: each line's tax share per component, exactly) or by amount (its
 * tax in the invoice's proportion, split per component), what it lowers on the amount due and
 * what is left (planCreditNote), and where that goes (splitCreditNoteMoney).
 */
export async function quoteCreditNote(client: PoolClient, command: IssueCreditNoteCommand, refundSource?: RefundSourceLookup): Promise<CreditNoteQuote> {
  if (!(CREDIT_NOTE_REASONS as readonly string[]).includes(command.reason)) throw DomainError.validation('reason', `must be one of ${CREDIT_NOTE_REASONS.join(', ')}`);
  const memo = command.memo?.trim() || null;
  if (memo && memo.length > CREDIT_NOTE_MEMO_MAX_LENGTH) throw DomainError.validation('memo', `must be at most ${CREDIT_NOTE_MEMO_MAX_LENGTH} characters`);
  const metadataError = command.metadata === undefined ? null : metadataProblem(command.metadata);
  if (metadataError) throw DomainError.validation('metadata', metadataError);
  if (command.lines !== undefined && command.amount !== undefined) throw DomainError.validation('lines', 'give either lines or amount, not both');

  const invoice = await lockInvoiceForCredit(client, command.invoiceId);
  if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
  const byLines = command.lines === undefined ? null : planCreditNoteLines(await selectCreditableInvoiceLines(client, invoice.id), command.lines);
  const creditable = {
    status: invoice.state.status,
    total: invoice.total,
    tax: invoice.tax,
    amountDue: invoice.state.amountDue,
    amountPaid: invoice.state.amountPaid,
    amountRefunded: invoice.amountRefunded,
    prePaymentCredited: invoice.prePaymentCredited,
    postPaymentCredited: invoice.postPaymentCredited,
    refundedByCreditNotes: await sumCreditNoteRefunds(client, invoice.id),
  };
  const planned = planCreditNote(creditable, byLines ? byLines.amount : command.amount, byLines ? 'lines' : 'amount');
  // By lines, the tax is what the lines took of each component; by amount, its share in the invoice's proportion,
  // split per component of the invoice's tax (CGST and SGST, IGST …), as a GST credit note must show.
  const plan = byLines ? { ...planned, taxAmount: byLines.taxAmount } : planned;
  const taxComponents = byLines
    ? byLines.taxComponents.map((component) => ({ ...component }))
    : plan.taxAmount === 0n
      ? []
      : splitTaxShare(plan.taxAmount, await selectInvoiceTaxComponents(client, invoice.id));
  const wantsRefund = (command.refundAmount ?? 0n) > 0n;
  const source = wantsRefund && refundSource ? await refundSource(client, invoice.id) : null;
  const money = splitCreditNoteMoney(plan.postPaymentAmount, { creditAmount: command.creditAmount, refundAmount: command.refundAmount, outOfBandAmount: command.outOfBandAmount }, source?.refundable ?? 0n);
  // Refused now rather than by the provider later (an M-Pesa reversal returns the whole payment).
  if (money.refundAmount > 0n && source?.wholeOnly !== undefined && money.refundAmount !== source.wholeOnly) {
    throw DomainError.validation('refundAmount', `the invoice's payment is refunded only as a whole: ${source.wholeOnly}, or use creditAmount or outOfBandAmount`);
  }
  return { invoice, plan, money, lines: byLines?.lines ?? [], taxComponents, refundPaymentId: money.refundAmount > 0n ? source!.paymentId : null };
}

/**
 * Issues a credit note inside the caller's transaction. The API's entry point is collection's
 * issueCreditNote, which adds the effects of an invoice becoming paid; a cancellation with
 * proration credits the unused time through creditUnusedTime.
 */
export async function issueCreditNoteWithin(client: PoolClient, command: IssueCreditNoteCommand, at = new Date(), refundSource?: RefundSourceLookup): Promise<CreditNoteIssued> {
  const memo = command.memo?.trim() || null;
  const { invoice, plan, money, lines, taxComponents, refundPaymentId } = await quoteCreditNote(client, command, refundSource);
  const sequence = await reserveCreditNoteSequence(client);
  const note = await insertCreditNote(client, {
    number: formatInvoiceNumber(CREDIT_NOTE_PREFIX, sequence),
    sequence,
    invoiceId: invoice.id,
    customerId: invoice.customerId,
    currency: invoice.currency,
    reason: command.reason,
    memo,
    ...plan,
    ...money,
    refundPaymentId,
    lines,
    taxComponents,
    metadata: command.metadata ?? {},
  });
  const invoiceAfter = plan.prePaymentAmount > 0n ? transitionInvoice(invoice.state, { type: 'credited', amount: plan.prePaymentAmount, at }) : invoice.state;
  if (invoiceAfter !== invoice.state) await saveInvoiceState(client, invoice.id, invoiceAfter);
  await addCreditedAmounts(client, invoice.id, plan.prePaymentAmount, plan.postPaymentAmount);
  if (money.creditAmount > 0n) {
    await recordBalanceTransaction(client, {
      customerId: invoice.customerId,
      currency: invoice.currency,
      amount: money.creditAmount,
      type: 'credit_note',
      creditNoteId: note.id,
      invoiceId: invoice.id,
      reason: `Credit note ${note.number} for invoice ${invoice.number}`,
    });
  }
  await recordEvent(client, { type: 'credit_note.created', object: creditNoteResource(note) });
  // Credited in full, an open invoice is paid.
  const paid = invoiceAfter.status === 'paid' && invoice.state.status !== 'paid';
  if (paid) await recordInvoiceEvents(client, [invoice.id], () => ['invoice.paid']);
  return { note, paidInvoice: paid ? { id: invoice.id, subscriptionId: invoice.subscriptionId } : null };
}

/**
 * The credit for the unused part of a subscription's current period, when it ends early: the
 * period lines of its invoice prorated to the millisecond (creditForUnusedTime), as a credit note
 * against that invoice (lowering what is due, or crediting the balance if it was paid). None when
 * the period was not invoiced (a trial), the invoice is void, or nothing is left to credit. A
 * period invoice still a draft gets a credit line instead (creditDraftForUnusedTime): no note.
 */
export async function creditUnusedTime(client: PoolClient, subscription: { id: string; period: { start: Date; end: Date }; startedAt?: Date }, at: Date): Promise<CreditNoteRecord | null> {
  const charge = await findPeriodCharge(client, subscription.id, subscription.period.start);
  if (charge?.status === 'draft' && charge.amount > 0n) {
    // Not finalized yet (the tenant's draft delay): the unused time is a credit line on the draft itself.
    const unusedOnDraft = creditForUnusedTime(charge.amount, subscription.period, at < subscription.period.start ? subscription.period.start : at, 'half-even', subscription.startedAt);
    if (unusedOnDraft > 0n) await creditDraftForUnusedTime(client, charge.invoiceId, { amount: unusedOnDraft, periodStart: subscription.period.start, description: `Unused time from ${at.toISOString().slice(0, 10)}: the subscription was canceled` });
    return null;
  }
  if (!charge || !isCreditableInvoiceStatus(charge.status) || charge.amount <= 0n) return null;
  const unused = creditForUnusedTime(charge.amount, subscription.period, at < subscription.period.start ? subscription.period.start : at, 'half-even', subscription.startedAt);
  const invoice = (await lockInvoiceForCredit(client, charge.invoiceId))!;
  const creditable = creditableAmount(invoice);
  const amount = unused < creditable ? unused : creditable;
  if (amount <= 0n) return null;
  // The subscription ends here: a past-due one is not revived by its last invoice being credited off.
  const { note } = await issueCreditNoteWithin(client, { invoiceId: charge.invoiceId, amount, reason: 'order_change', memo: `Unused time from ${at.toISOString().slice(0, 10)}: the subscription was canceled` }, at);
  return note;
}

/**
 * Voids a credit note: the amount it took off the invoice is due again and the credit it gave
 * is taken back from the balance. Refused (409) once that cannot be undone: the invoice was paid
 * or written off since, or the credit was used.
 */
export async function voidCreditNote(db: TenantDatabase, creditNoteId: string, at = new Date()): Promise<CreditNoteRecord> {
  return inTransaction(db.pool, async (client) => {
    const note = await lockCreditNote(client, creditNoteId);
    if (!note) throw DomainError.notFound('Credit note', creditNoteId);
    const invoice = (await lockInvoiceForCredit(client, note.invoiceId))!;
    const held = note.creditAmount > 0n ? await lockCreditBalance(client, note.customerId, note.currency) : 0n;
    const refused = creditNoteVoidRefusal(note, invoice.state.status, held);
    if (refused) throw DomainError.invalidState(`Credit note ${note.number} cannot be voided: ${refused}`);

    if (note.prePaymentAmount > 0n) await saveInvoiceState(client, invoice.id, transitionInvoice(invoice.state, { type: 'credit_reversed', amount: note.prePaymentAmount }));
    await addCreditedAmounts(client, invoice.id, -note.prePaymentAmount, -note.postPaymentAmount);
    if (note.creditAmount > 0n) {
      await recordBalanceTransaction(client, {
        customerId: note.customerId,
        currency: note.currency,
        amount: -note.creditAmount,
        type: 'credit_note',
        creditNoteId: note.id,
        invoiceId: invoice.id,
        reason: `Credit note ${note.number} voided`,
      });
    }
    const voided = await markCreditNoteVoid(client, note.id, at);
    await recordEvent(client, { type: 'credit_note.voided', object: creditNoteResource(voided) });
    return voided;
  });
}

export async function getCreditNote(db: TenantDatabase, id: string): Promise<CreditNoteRecord> {
  const note = await findCreditNote(db.pool, id);
  if (!note) throw DomainError.notFound('Credit note', id);
  return note;
}

export async function listCreditNotes(db: TenantDatabase, query: PageRequest & CreditNoteFilter): Promise<Page<CreditNoteRecord>> {
  const window = await resolveWindow(query, (id) => creditNotePosition(db.pool, id));
  return toPage(await selectCreditNotePage(db.pool, query, window), query.limit, undefined, window);
}

/** A credit note as it would be issued now (POST /api/credit-notes/preview): nothing is written. */
export interface CreditNotePreview {
  invoiceId: string;
  customerId: string;
  currency: string;
  amount: bigint;
  taxAmount: bigint;
  taxComponents: { code: string; percentage: string; amount: bigint }[];
  prePaymentAmount: bigint;
  postPaymentAmount: bigint;
  creditAmount: bigint;
  refundAmount: bigint;
  outOfBandAmount: bigint;
  lines: readonly PlannedCreditNoteLine[];
  /** What the invoice would still have due after it. */
  invoiceAmountDueAfter: bigint;
}

export async function previewInvoiceCredit(db: TenantDatabase, command: IssueCreditNoteCommand, refundSource?: RefundSourceLookup): Promise<CreditNotePreview> {
  return inTransaction(db.pool, async (client) => {
    const { invoice, plan, money, lines, taxComponents } = await quoteCreditNote(client, command, refundSource);
    return {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      currency: invoice.currency,
      ...plan,
      ...money,
      taxComponents,
      lines,
      invoiceAmountDueAfter: invoice.state.amountDue - plan.prePaymentAmount,
    };
  });
}

/** The refund a credit note's refundAmount goes through, reserved in the note's transaction. */
export async function recordCreditNoteRefundReserved(client: PoolClient, creditNoteId: string, refundId: string): Promise<CreditNoteRecord> {
  return saveCreditNoteRefund(client, creditNoteId, { refundId });
}

/**
 * What became of a credit note's refund, once the provider answered: succeeded, or failed — then
 * the refund amount is credited to the customer's balance instead (a `credit_note` movement;
 * the note keeps its split, refundStatus `failed` says where the refund amount went). Idempotent: a note whose refund is no longer pending is left as it is.
 */
export async function settleCreditNoteRefund(client: PoolClient, creditNoteId: string, outcome: { status: 'succeeded' | 'failed'; failure?: string }): Promise<CreditNoteRecord> {
  const note = await lockCreditNote(client, creditNoteId);
  if (!note) throw DomainError.notFound('Credit note', creditNoteId);
  if (note.refundStatus !== 'pending') return note;
  const settled = outcome.status === 'succeeded' ? await saveCreditNoteRefund(client, note.id, { status: 'succeeded' }) : await creditFailedRefund(client, note, outcome.failure);
  await recordEvent(client, { type: 'credit_note.updated', object: creditNoteResource(settled) });
  return settled;
}

/** A failed refund's amount goes to the customer's balance (so the customer keeps the credit the note gave). */
async function creditFailedRefund(client: PoolClient, note: CreditNoteRecord, failure: string | undefined): Promise<CreditNoteRecord> {
  await recordBalanceTransaction(client, {
    customerId: note.customerId,
    currency: note.currency,
    amount: note.refundAmount,
    type: 'credit_note',
    creditNoteId: note.id,
    invoiceId: note.invoiceId,
    reason: `Credit note ${note.number}: the refund failed, credited instead`,
  });
  return saveCreditNoteRefund(client, note.id, { status: 'failed', failure: (failure ?? 'refund failed').slice(0, 500) });
}

/**
 * Settles the credit note a refund belongs to, if any, in the caller's transaction: the one place
 * a refund's outcome reaches its note, whichever way it arrived (the provider's answer to our
 * request, or its webhook later).
 */
export async function settleCreditNoteOfRefund(client: PoolClient, refundId: string, outcome: { status: 'succeeded' | 'failed'; failure?: string }): Promise<CreditNoteRecord | undefined> {
  const creditNoteId = await selectCreditNoteIdByRefund(client, refundId);
  return creditNoteId ? settleCreditNoteRefund(client, creditNoteId, outcome) : undefined;
}

/** Credit notes whose refund is still pending, issued before `olderThan`. */
export function pendingCreditNoteRefunds(db: TenantDatabase, olderThan: Date): Promise<string[]> {
  return selectPendingCreditNoteRefunds(db.pool, olderThan);
}
