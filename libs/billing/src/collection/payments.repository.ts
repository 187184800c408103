// All SQL of the payments and refunds tables (raw pg: settlement locks payment, refund and
// invoice rows in one transaction with other contexts' writes). Status columns are written only
// with a state the payment state machine produced (callers pass `transitionPayment`'s result).
// Private to the collection context: other code goes through ./index.ts.
import type { PoolClient } from 'pg';
import { type Keyset, type Page, type PageRequest, type Queryable, keysetSql, resolveWindow, toPage } from '@nova/common';
import type { PaymentState, PaymentStatus } from '@nova/domain';

/** A payment under its row lock, as settlement and refunds need it. */
export interface LockedPayment {
  id: string;
  invoice_id: string | null;
  customer_id: string;
  status: PaymentStatus;
  amount: string;
  amount_refunded: string;
  amount_applied: string;
  currency: string;
  provider_transaction_id: string | null;
}

const LOCKED_COLUMNS = 'id, invoice_id, customer_id, status, amount::text AS amount, amount_refunded::text AS amount_refunded, amount_applied::text AS amount_applied, currency, provider_transaction_id';

/** The columns the payment state machine owns, read from a locked row. */
export function paymentStateOf(payment: Pick<LockedPayment, 'status' | 'amount' | 'amount_refunded'>): PaymentState {
  return { status: payment.status, amount: BigInt(payment.amount), amountRefunded: BigInt(payment.amount_refunded) };
}

/** The payment a provider reference (or its transaction id: M-Pesa receipts) names, locked. */
export async function lockPaymentByReference(client: PoolClient, accountId: string, reference: string): Promise<LockedPayment | undefined> {
  const { rows } = await client.query<LockedPayment>(
    `SELECT ${LOCKED_COLUMNS} FROM payments
      WHERE provider_account_id = $1 AND (provider_reference = $2 OR provider_transaction_id = $2)
      ORDER BY (provider_reference = $2) DESC LIMIT 1
        FOR UPDATE`,
    [accountId, reference],
  );
  return rows[0];
}

export async function lockPaymentById(client: PoolClient, id: string): Promise<LockedPayment | undefined> {
  const { rows } = await client.query<LockedPayment>(`SELECT ${LOCKED_COLUMNS} FROM payments WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

export interface NewProviderPayment {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly provider: string;
  readonly accountId: string;
  readonly providerReference: string | null;
}

/** A pending payment before the provider is called (a replayed charge reference keeps its row). */
export async function insertPendingPayment(db: Queryable, payment: NewProviderPayment): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', $5, $6, $7, now())
     ON CONFLICT (provider_account_id, provider_reference) DO UPDATE SET updated_at = now()
     RETURNING id`,
    [payment.invoiceId, payment.customerId, payment.amount, payment.currency, payment.provider, payment.accountId, payment.providerReference],
  );
  return rows[0]!.id;
}

/** A payment started outside NovaBilling for one of our invoices, pending until it settles; undefined when another writer won. */
export async function insertAdoptedPayment(client: PoolClient, payment: Omit<NewProviderPayment, 'provider'> & { providerReference: string }): Promise<LockedPayment | undefined> {
  const { rows } = await client.query<LockedPayment>(
    `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference)
     SELECT gen_random_uuid(), $1, $2, $3, $4, 'pending', a.provider, a.id, $5 FROM payment_provider_accounts a WHERE a.id = $6
     ON CONFLICT (provider_account_id, provider_reference) DO NOTHING
     RETURNING ${LOCKED_COLUMNS}`,
    [payment.invoiceId, payment.customerId, payment.amount, payment.currency, payment.providerReference, payment.accountId],
  );
  return rows[0];
}

/** A payment recorded by hand (method `manual`, a receipt), in the state the machine gave it. */
export async function insertManualPayment(
  client: PoolClient,
  payment: {
    invoiceId: string | null;
    customerId: string;
    currency: string;
    state: PaymentState;
    amountApplied: bigint;
    reference: string | null;
    note: string | null;
    paidAt: Date;
    receiptNumber: string;
    receivedVia: string;
  },
): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, amount_refunded, currency, status, method, reference, note, paid_at, updated_at, receipt_number, received_via)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7::"PaymentStatus", 'manual', $8, $9, $10, now(), $11, $12) RETURNING id`,
    [
      payment.invoiceId,
      payment.customerId,
      payment.state.amount,
      payment.amountApplied,
      payment.state.amountRefunded,
      payment.currency,
      payment.state.status,
      payment.reference,
      payment.note,
      payment.paidAt,
      payment.receiptNumber,
      payment.receivedVia,
    ],
  );
  return rows[0]!.id;
}

/** The next receipt sequence number: gapless, since a rollback of the caller's transaction returns it. */
export async function takeReceiptSequence(client: PoolClient): Promise<bigint> {
  const { rows } = await client.query<{ sequence: string }>('UPDATE receipt_sequence SET next = next + 1 WHERE id = 1 RETURNING (next - 1)::text AS sequence');
  return BigInt(rows[0]!.sequence);
}

// ---- payment allocations: how much of a payment paid which invoice ----

export interface PaymentAllocationRecord {
  invoiceId: string;
  amount: bigint;
  createdAt: Date;
}

/** One INSERT for all of a payment's allocations. */
export async function insertPaymentAllocations(client: PoolClient, paymentId: string, allocations: ReadonlyArray<{ invoiceId: string; amount: bigint }>): Promise<void> {
  if (allocations.length === 0) return;
  await client.query(
    `INSERT INTO payment_allocations (id, payment_id, invoice_id, amount, position)
     SELECT gen_random_uuid(), $1, u.invoice_id, u.amount, u.position - 1 FROM unnest($2::uuid[], $3::bigint[]) WITH ORDINALITY AS u(invoice_id, amount, position)`,
    [paymentId, allocations.map((allocation) => allocation.invoiceId), allocations.map((allocation) => allocation.amount.toString())],
  );
}

/** A payment's allocations in the order made (oldest invoice first, or as the payer listed them). */
export async function paymentAllocations(db: Queryable, paymentId: string): Promise<PaymentAllocationRecord[]> {
  const { rows } = await db.query<{ invoice_id: string; amount: string; created_at: Date }>(
    'SELECT invoice_id, amount::text AS amount, created_at FROM payment_allocations WHERE payment_id = $1 ORDER BY created_at, position',
    [paymentId],
  );
  return rows.map((row) => ({ invoiceId: row.invoice_id, amount: BigInt(row.amount), createdAt: row.created_at }));
}

export async function recordProviderReference(db: Queryable, paymentId: string, providerReference: string, redirectUrl: string | null): Promise<void> {
  await db.query('UPDATE payments SET provider_reference = $2, redirect_url = $3, updated_at = now() WHERE id = $1', [paymentId, providerReference, redirectUrl]);
}

/** A later copy of a settled payment's event may name the money movement (M-Pesa receipt). */
export async function recordProviderTransactionId(client: PoolClient, paymentId: string, providerTransactionId: string): Promise<void> {
  await client.query('UPDATE payments SET provider_transaction_id = $2, updated_at = now() WHERE id = $1', [paymentId, providerTransactionId]);
}

/** A settled payment (the machine's `succeed`): what was received, what its invoice took, why the rest needs review. */
export async function saveSettledPayment(
  client: PoolClient,
  paymentId: string,
  settled: { state: PaymentState; currency: string; applied: bigint; reviewReason: string | null; paidAt: Date; providerTransactionId: string | null },
): Promise<void> {
  await client.query(
    `UPDATE payments SET status = $2::"PaymentStatus", amount = $3, currency = $4, amount_applied = $5, review_reason = $6, paid_at = $7, failure_message = NULL,
            provider_transaction_id = COALESCE($8, provider_transaction_id), updated_at = now()
      WHERE id = $1`,
    [paymentId, settled.state.status, settled.state.amount, settled.currency, settled.applied, settled.reviewReason, settled.paidAt, settled.providerTransactionId],
  );
}

/** A failed payment (the machine's `fail`); a review reason, when given, replaces the previous one. */
export async function saveFailedPayment(client: PoolClient, paymentId: string, failed: { state: PaymentState; failureMessage: string; reviewReason: string | null }): Promise<void> {
  await client.query(
    `UPDATE payments SET status = $2::"PaymentStatus", failure_message = $3, review_reason = COALESCE($4, review_reason), updated_at = now() WHERE id = $1`,
    [paymentId, failed.state.status, failed.failureMessage.slice(0, 500), failed.reviewReason],
  );
}

/** A settled refund's effect on its payment (the machine's `refund_settled`). */
export async function saveRefundedPayment(client: PoolClient, paymentId: string, state: PaymentState): Promise<void> {
  await client.query(`UPDATE payments SET amount_refunded = $2, status = $3::"PaymentStatus", updated_at = now() WHERE id = $1`, [paymentId, state.amountRefunded, state.status]);
}

export interface PendingStkPayment {
  id: string;
  invoice_id: string | null;
  provider_account_id: string;
  provider_reference: string;
  amount: string;
  currency: string;
  past_give_up: boolean;
  pending_hours: number;
}

/** STK payments pending longer than `queryAfterSeconds`, oldest first; ages by the database clock, like created_at itself. */
export async function pendingStkPayments(db: Queryable, policy: { queryAfterSeconds: number; giveUpAfterHours: number }, limit: number): Promise<PendingStkPayment[]> {
  const { rows } = await db.query<PendingStkPayment>(
    `SELECT id, invoice_id, provider_account_id, provider_reference, amount::text AS amount, currency,
            created_at < now() - make_interval(hours => $2) AS past_give_up,
            floor(extract(epoch FROM now() - created_at) / 3600)::int AS pending_hours
       FROM payments
      WHERE method = 'mpesa' AND status = 'pending' AND provider_account_id IS NOT NULL AND provider_reference IS NOT NULL
        AND created_at < now() - make_interval(secs => $1)
      ORDER BY created_at LIMIT $3`,
    [policy.queryAfterSeconds, policy.giveUpAfterHours, limit],
  );
  return rows;
}

/** A payment as the API shows it. */
export interface PaymentRecord {
  id: string;
  invoiceId: string | null;
  customerId: string;
  amount: bigint;
  amountRefunded: bigint;
  amountApplied: bigint;
  reviewReason: string | null;
  currency: string;
  status: PaymentStatus;
  method: string;
  providerAccountId: string | null;
  providerReference: string | null;
  reference: string | null;
  failureMessage: string | null;
  paidAt: Date | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  /** Set on payments recorded by hand (receipts). */
  receiptNumber: string | null;
  receivedVia: string | null;
  note: string | null;
}

const RECORD_COLUMNS = `id, invoice_id AS "invoiceId", customer_id AS "customerId", amount::text AS amount, amount_refunded::text AS "amountRefunded",
  amount_applied::text AS "amountApplied", review_reason AS "reviewReason", currency, status, method, provider_account_id AS "providerAccountId",
  provider_reference AS "providerReference", reference, failure_message AS "failureMessage", paid_at AS "paidAt", metadata, created_at AS "createdAt",
  receipt_number AS "receiptNumber", received_via AS "receivedVia", note`;

type PaymentRecordRow = Omit<PaymentRecord, 'amount' | 'amountRefunded' | 'amountApplied'> & { amount: string; amountRefunded: string; amountApplied: string };

const toRecord = (row: PaymentRecordRow): PaymentRecord => ({ ...row, amount: BigInt(row.amount), amountRefunded: BigInt(row.amountRefunded), amountApplied: BigInt(row.amountApplied) });

/** The payment's stored metadata, locked for the caller's transaction (a metadata merge); undefined when unknown. */
export async function lockPaymentMetadata(client: Queryable, id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await client.query<{ metadata: Record<string, unknown> }>('SELECT metadata FROM payments WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.metadata;
}

export async function savePaymentMetadata(db: Queryable, id: string, metadata: Record<string, unknown>): Promise<PaymentRecord | undefined> {
  const { rows } = await db.query<PaymentRecordRow>(`UPDATE payments SET metadata = $2::jsonb, updated_at = now() WHERE id = $1 RETURNING ${RECORD_COLUMNS}`, [id, JSON.stringify(metadata)]);
  return rows[0] && toRecord(rows[0]);
}

export async function findPayment(db: Queryable, id: string): Promise<PaymentRecord | undefined> {
  const { rows } = await db.query<PaymentRecordRow>(`SELECT ${RECORD_COLUMNS} FROM payments WHERE id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export interface PaymentFilter {
  readonly status?: PaymentStatus;
  readonly invoiceId?: string;
  readonly customerId?: string;
  readonly method?: string;
  /** true: only payments with a review reason; false: only those without. */
  readonly needsReview?: boolean;
}

/** Newest first, keyset-paginated. */
export async function listPayments(db: Queryable, filter: PaymentFilter, page: PageRequest): Promise<Page<PaymentRecord>> {
  const window = await resolveWindow(page, (id) => paymentPosition(db, id));
  const keyset = keysetSql(window, 1);
  const conditions: string[] = [keyset.where];
  const values: unknown[] = [...keyset.values];
  const where = (condition: (placeholder: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${values.length}`));
  };
  if (filter.status) where((p) => `status = ${p}::"PaymentStatus"`, filter.status);
  // A receipt spread over several invoices names them in its allocations only.
  if (filter.invoiceId) where((p) => `(invoice_id = ${p}::uuid OR id IN (SELECT payment_id FROM payment_allocations WHERE invoice_id = ${p}::uuid))`, filter.invoiceId);
  if (filter.customerId) where((p) => `customer_id = ${p}::uuid`, filter.customerId);
  if (filter.method) where((p) => `method = ${p}`, filter.method);
  if (filter.needsReview !== undefined) conditions.push(filter.needsReview ? 'review_reason IS NOT NULL' : 'review_reason IS NULL');
  values.push(window.fetch);
  const { rows } = await db.query<PaymentRecordRow>(
    `SELECT ${RECORD_COLUMNS} FROM payments WHERE ${conditions.join(' AND ')} ORDER BY ${keyset.order} LIMIT $${values.length}`,
    values,
  );
  return toPage(rows.map(toRecord), page.limit, undefined, window);
}

/** A payment's keyset position (primary key lookup), for starting_after / ending_before. */
export async function paymentPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM payments WHERE id = $1', [id]);
  return rows[0];
}

// ---- refunds ----

export interface RefundRow {
  id: string;
  payment_id: string;
  amount: string;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  provider_reference: string | null;
  reason: string | null;
  failure_message: string | null;
  /** What of it gives back money no invoice took, decided when it was requested; null on refunds older than that rule. */
  unapplied_share: string | null;
  /** Overpayment credit taken off the balance when the refund was requested. */
  credit_reserved: string;
  created_at: Date;
  settled_at: Date | null;
}

const REFUND_COLUMNS = 'id, payment_id, amount::text AS amount, currency, status, provider_reference, reason, failure_message, unapplied_share::text AS unapplied_share, credit_reserved::text AS credit_reserved, created_at, settled_at';

/** A payment a refund is being asked for, locked, with what refunds still pending at the provider reserve of it. */
export interface RefundablePayment extends LockedPayment {
  provider_account_id: string | null;
  provider_reference: string | null;
  method: string;
  pending_refunds: string;
}

const REFUNDABLE_PAYMENT = `SELECT p.id, p.invoice_id, p.customer_id, p.status, p.amount::text AS amount, p.amount_refunded::text AS amount_refunded, p.amount_applied::text AS amount_applied,
            p.currency, p.provider_account_id, p.provider_reference, p.provider_transaction_id, p.method,
            (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending')::text AS pending_refunds
       FROM payments p WHERE p.id = $1`;

export async function lockRefundablePayment(client: PoolClient, paymentId: string): Promise<RefundablePayment | undefined> {
  const { rows } = await client.query<RefundablePayment>(`${REFUNDABLE_PAYMENT} FOR UPDATE`, [paymentId]);
  return rows[0];
}

/** The same, unlocked (a preview). */
export async function findRefundablePayment(db: Queryable, paymentId: string): Promise<RefundablePayment | undefined> {
  const { rows } = await db.query<RefundablePayment>(REFUNDABLE_PAYMENT, [paymentId]);
  return rows[0];
}

/** The provider payments of an invoice that may still be refunded (settled, through a provider account), oldest first. */
export async function refundableProviderPaymentIds(db: Queryable, invoiceId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM payments WHERE invoice_id = $1 AND status IN ('succeeded', 'partially_refunded') AND provider_account_id IS NOT NULL AND provider_reference IS NOT NULL
      ORDER BY paid_at NULLS LAST, id`,
    [invoiceId],
  );
  return rows.map((row) => row.id);
}

/** A pending refund, reserved before the provider is asked. */
export async function insertPendingRefund(
  client: PoolClient,
  refund: { paymentId: string; amount: bigint; currency: string; reason: string | null; providerReference?: string | null; unappliedShare: bigint; creditReserved: bigint },
): Promise<RefundRow> {
  const { rows } = await client.query<RefundRow>(
    `INSERT INTO refunds (id, payment_id, amount, currency, status, provider_reference, reason, unapplied_share, credit_reserved, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'pending', $4, $5, $6, $7, now()) RETURNING ${REFUND_COLUMNS}`,
    [refund.paymentId, refund.amount, refund.currency, refund.providerReference ?? null, refund.reason, refund.unappliedShare, refund.creditReserved],
  );
  return rows[0]!;
}

export async function lockRefund(client: PoolClient, refundId: string): Promise<RefundRow | undefined> {
  const { rows } = await client.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1 FOR UPDATE`, [refundId]);
  return rows[0];
}

/**
 * The refund a provider event settles, locked: by the provider's refund id, else the oldest
 * pending refund of that amount whose provider id we have not learnt yet (the webhook beat our
 * own write of it) or, with `anyIdOfAmount` (a provider whose signature covers the event: Paystack
 * names refunds differently in its API answer and its webhook), whatever id it has. An event
 * naming no refund at all (Paystack's refund.failed) may be about one settled already: then the
 * latest of that amount, so a late contradiction is seen as one.
 */
export async function lockRefundForEvent(client: PoolClient, paymentId: string, refundReference: string | null, amount: bigint, anyIdOfAmount: boolean): Promise<RefundRow | undefined> {
  if (refundReference) {
    const { rows } = await client.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE payment_id = $1 AND provider_reference = $2 FOR UPDATE`, [paymentId, refundReference]);
    if (rows[0]) return rows[0];
  }
  const { rows } = await client.query<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM refunds
      WHERE payment_id = $1 AND amount = $2 AND (provider_reference IS NULL OR $3 OR $4::text IS NULL) AND (status = 'pending' OR $4::text IS NULL)
      ORDER BY status = 'pending' DESC, CASE WHEN status = 'pending' THEN created_at END, created_at DESC LIMIT 1 FOR UPDATE`,
    [paymentId, amount, anyIdOfAmount, refundReference],
  );
  return rows[0];
}

/** The provider's answer for a refund: its id, and settled (succeeded/failed) or still pending. */
export async function saveRefundOutcome(client: PoolClient, refundId: string, outcome: { status: RefundRow['status']; providerReference: string | null; settledAt: Date | null }): Promise<RefundRow> {
  const { rows } = await client.query<RefundRow>(
    `UPDATE refunds SET status = $2::"RefundStatus", provider_reference = COALESCE(provider_reference, $3), settled_at = $4, updated_at = now()
      WHERE id = $1 RETURNING ${REFUND_COLUMNS}`,
    [refundId, outcome.status, outcome.providerReference, outcome.settledAt],
  );
  return rows[0]!;
}

/** The provider refused the refund request: the reservation is released. The refund when it was still pending (else nothing changed). */
export async function failPendingRefund(client: PoolClient, refundId: string, failureMessage: string): Promise<RefundRow | undefined> {
  const { rows } = await client.query<RefundRow>(
    `UPDATE refunds SET status = 'failed', failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING ${REFUND_COLUMNS}`,
    [refundId, failureMessage.slice(0, 500)],
  );
  return rows[0];
}

/** What refunds still pending at the provider reserve of a payment (the caller holds the payment's lock). */
export async function pendingRefundTotal(client: PoolClient, paymentId: string): Promise<bigint> {
  const { rows } = await client.query<{ total: string }>(`SELECT COALESCE(SUM(amount), 0)::text AS total FROM refunds WHERE payment_id = $1 AND status = 'pending'`, [paymentId]);
  return BigInt(rows[0]!.total);
}

export async function refundsOfPayment(db: Queryable, paymentId: string): Promise<RefundRow[]> {
  const { rows } = await db.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY created_at, id`, [paymentId]);
  return rows;
}

/** Whether any payment went through this account (such an account is kept: deactivate it instead). */
export async function accountHasPayments(db: Queryable, accountId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM payments WHERE provider_account_id = $1 LIMIT 1', [accountId]);
  return (rowCount ?? 0) > 0;
}

/**
 * Deleting a test clock: the customers' payments with their allocations and refunds (and any
 * allocation to their invoices), after the balance movements and credit notes that point at them.
 */
export async function deletePaymentsOfCustomers(client: PoolClient, customerIds: readonly string[], invoiceIds: readonly string[]): Promise<void> {
  await client.query(
    'DELETE FROM payment_allocations WHERE invoice_id = ANY($2::uuid[]) OR payment_id IN (SELECT id FROM payments WHERE customer_id = ANY($1::uuid[]))',
    [customerIds, invoiceIds],
  );
  await client.query('DELETE FROM refunds WHERE payment_id IN (SELECT id FROM payments WHERE customer_id = ANY($1::uuid[]) OR invoice_id = ANY($2::uuid[]))', [customerIds, invoiceIds]);
  await client.query('DELETE FROM payments WHERE customer_id = ANY($1::uuid[]) OR invoice_id = ANY($2::uuid[])', [customerIds, invoiceIds]);
}
