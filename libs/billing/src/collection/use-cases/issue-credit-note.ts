// A credit note issued through the API: invoicing writes the note (the invoice's amount due
// lowered, the rest credited to the balance, refunded or recorded as given back out of band),
// and when that pays the invoice off the same follow-up as any payment runs in the same
// transaction (its dunning recovered, a past-due subscription active again). Collection owns
// that follow-up and the provider payments, so this is where the two meet.
//
// A refund (refundAmount) goes through the invoice's provider payment: the refund row is reserved
// in the note's transaction (it counts against what the payment can still refund at once), and
// the worker asks the provider (RefundCreditNote, queued after the commit and again by the webhook
// sweep while the note's refund is pending): a crash after the commit loses no refund.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { inTransaction } from '@nova/common';
import { canTransitionPayment, refundableAmount } from '@nova/domain';
import { QUEUES, type RefundCreditNoteJob, refundCreditNoteJob } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import type { TenantDatabase } from '@nova/tenant-db';
import {
  type CreditNotePreview,
  type CreditNoteRecord,
  type IssueCreditNoteCommand,
  type RefundSourceLookup,
  getCreditNote,
  issueCreditNoteWithin,
  pendingCreditNoteRefunds,
  previewInvoiceCredit,
  recordCreditNoteRefundReserved,
  settleCreditNoteRefund,
} from '../../invoicing';
import { applyInvoicePaidEffects } from '../invoice-paid';
import { type RefundablePayment, findRefundablePayment, insertPendingRefund, lockRefund, lockRefundablePayment, paymentStateOf, refundableProviderPaymentIds } from '../payments.repository';
import { RefundPayment, refundsWholePaymentsOnly } from './refund-payment';

/**
 * The invoice's provider payment with the most left to refund, and how much that is (`find` locks
 * it when issuing, reads it when previewing). A payment refunded only as a whole (M-Pesa) says so.
 */
async function bestRefundSource(client: PoolClient, invoiceId: string, find: (client: PoolClient, id: string) => Promise<RefundablePayment | undefined>) {
  let best: { paymentId: string; refundable: bigint; wholeOnly?: bigint } | null = null;
  for (const id of await refundableProviderPaymentIds(client, invoiceId)) {
    const payment = await find(client, id);
    if (!payment || !canTransitionPayment(paymentStateOf(payment), 'refund_settled')) continue;
    const refundable = refundableAmount(paymentStateOf(payment)) - BigInt(payment.pending_refunds);
    if (refundable > 0n && (!best || refundable > best.refundable)) {
      best = { paymentId: id, refundable, ...(refundsWholePaymentsOnly(payment.method) ? { wholeOnly: BigInt(payment.amount) } : {}) };
    }
  }
  return best;
}

const refundSource: RefundSourceLookup = (client, invoiceId) => bestRefundSource(client, invoiceId, lockRefundablePayment);

/** A refund locks the invoice's payments before the invoice (quoteCreditNote's), in the order settlement takes them: no deadlock with a webhook. */
async function lockPaymentsForRefund(client: PoolClient, command: IssueCreditNoteCommand): Promise<void> {
  if ((command.refundAmount ?? 0n) <= 0n) return;
  for (const id of await refundableProviderPaymentIds(client, command.invoiceId)) await lockRefundablePayment(client, id);
}

async function issueWithin(client: PoolClient, command: IssueCreditNoteCommand, at: Date): Promise<CreditNoteRecord> {
  await lockPaymentsForRefund(client, command);
  const { note, paidInvoice } = await issueCreditNoteWithin(client, command, at, refundSource);
  if (paidInvoice) await applyInvoicePaidEffects(client, paidInvoice);
  if (note.refundAmount === 0n) return note;
  // Money the invoice took, given back: no overpayment credit is involved (unapplied share 0).
  const refund = await insertPendingRefund(client, {
    paymentId: note.refundPaymentId!,
    amount: note.refundAmount,
    currency: note.currency,
    reason: `Credit note ${note.number}`,
    unappliedShare: 0n,
    creditReserved: 0n,
  });
  return recordCreditNoteRefundReserved(client, note.id, refund.id);
}

/** Issues a credit note in its own transaction; a refund it asks for is reserved, not sent (see IssueCreditNote). */
export async function issueCreditNote(db: TenantDatabase, command: IssueCreditNoteCommand, at = new Date()): Promise<CreditNoteRecord> {
  return inTransaction(db.pool, (client) => issueWithin(client, command, at));
}

/** What a credit note would be (amounts, tax per line and component, where the money goes); writes nothing. */
export function previewCreditNote(db: TenantDatabase, command: IssueCreditNoteCommand): Promise<CreditNotePreview> {
  // Read only: the payments were not locked before the invoice here, so none is locked now.
  return previewInvoiceCredit(db, command, (client, invoiceId) => bestRefundSource(client, invoiceId, findRefundablePayment));
}

/** The API's entry point: issues the note, then queues its refund (when it has one) for the worker. */
@Injectable()
export class IssueCreditNote {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.payments) private readonly payments: Queue<RefundCreditNoteJob>,
  ) {}

  async execute(command: IssueCreditNoteCommand, at = new Date()): Promise<CreditNoteRecord> {
    const note = await issueCreditNote(await this.tenantDb.connection(), command, at);
    if (note.refundStatus === 'pending') {
      const job = refundCreditNoteJob(this.context.jobTenant, note.id, this.context.correlationId ?? randomUUID());
      // Redis down: the webhook sweep queues it from the note's pending refund.
      await this.payments.add(job.name, job.data, job.opts).catch(() => undefined);
    }
    return note;
  }
}

/**
 * The worker's side: asks the provider for the note's reserved refund (idempotent: the refund's id
 * is the provider's idempotency key) and settles the note by the refund's outcome — a failed
 * refund credits the customer's balance instead. A refund the provider leaves pending is settled
 * by its webhook; the sweep runs this again and the note follows.
 */
@Injectable()
export class RefundCreditNote {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly refunds: RefundPayment,
  ) {}

  async execute(creditNoteId: string): Promise<CreditNoteRecord> {
    const db = await this.tenantDb.connection();
    const note = await getCreditNote(db, creditNoteId);
    if (note.refundStatus !== 'pending' || !note.refundId || !note.refundPaymentId) return note;
    let failure: string | undefined;
    try {
      await this.refunds.submitReserved(note.refundPaymentId, note.refundId, `Credit note ${note.number}`);
    } catch (error) {
      // The refund is marked failed by then (or was settled meanwhile): its row says which.
      failure = (error as Error).message;
    }
    return inTransaction(db.pool, async (client) => {
      await lockRefundablePayment(client, note.refundPaymentId!);
      const refund = await lockRefund(client, note.refundId!);
      if (!refund || refund.status === 'pending') {
        if (failure && refund?.status === 'pending') throw new Error(`refund of credit note ${note.number} not sent: ${failure}`);
        return getCreditNote(db, creditNoteId);
      }
      return settleCreditNoteRefund(client, note.id, refund.status === 'succeeded' ? { status: 'succeeded' } : { status: 'failed', failure: refund.failure_message ?? failure });
    });
  }
}

/** The refund jobs of credit notes still pending `olderThanSeconds` after issue, for the webhook sweep. */
export async function pendingCreditNoteRefundJobs(db: TenantDatabase, options: { tenant: { tenantId: string; mode: 'live' | 'test' }; olderThanSeconds: number; correlationId: string; at?: Date }) {
  const at = options.at ?? new Date();
  const ids = await pendingCreditNoteRefunds(db, new Date(at.getTime() - options.olderThanSeconds * 1000));
  const run = Math.floor(at.getTime() / 60_000);
  return ids.map((id) => refundCreditNoteJob(options.tenant, id, options.correlationId, run));
}
