// All SQL of the webhook_events table (raw pg: intake is measured, and processing marks an event
// processed in the same transaction as its settlement). Private to the collection context.
import type { Pool, PoolClient } from 'pg';
import type { Queryable } from '@nova/common';
import type { SealedMethod } from './payment-methods.repository';

export type SettlementEventType = 'payment.succeeded' | 'payment.failed' | 'refund.succeeded' | 'refund.failed';

/** A verified provider event as stored, in the form settlement applies it. */
export interface StoredWebhookEvent {
  id: string;
  account_id: string;
  provider: string;
  type: SettlementEventType;
  provider_reference: string;
  refund_reference: string | null;
  provider_transaction_id: string | null;
  invoice_reference: string | null;
  amount: string | null;
  currency: string;
  occurred_at: Date;
  /** The reusable method the payment was made with, sealed at intake (payment.succeeded only). */
  saved_method: SealedMethod | null;
}

export interface NewWebhookEvent {
  readonly accountId: string;
  readonly provider: string;
  readonly eventId: string;
  readonly type: SettlementEventType;
  readonly providerReference: string;
  readonly refundReference: string | null;
  readonly providerTransactionId: string | null;
  readonly invoiceReference: string | null;
  readonly amount: bigint | null;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly rawBody: string;
  readonly savedMethod: SealedMethod | null;
}

/** Stores the event once per (provider, event id): the new row's id, or undefined for a redelivery. */
export async function insertWebhookEvent(pool: Pool, event: NewWebhookEvent): Promise<string | undefined> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, refund_reference, provider_transaction_id,
                                 invoice_reference, amount, currency, occurred_at, raw_body, saved_method)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (provider, event_id) DO NOTHING
     RETURNING id`,
    [
      event.accountId,
      event.provider,
      event.eventId,
      event.type,
      event.providerReference,
      event.refundReference,
      event.providerTransactionId,
      event.invoiceReference,
      event.amount === null ? null : event.amount.toString(),
      event.currency,
      event.occurredAt,
      event.rawBody,
      event.savedMethod ? JSON.stringify(event.savedMethod) : null,
    ],
  );
  return rows[0]?.id;
}

export async function findWebhookEventByProviderId(pool: Pool, provider: string, eventId: string): Promise<{ id: string; status: string } | undefined> {
  const { rows } = await pool.query<{ id: string; status: string }>('SELECT id, status FROM webhook_events WHERE provider = $1 AND event_id = $2', [provider, eventId]);
  return rows[0];
}

const EVENT_COLUMNS = `id, account_id, provider, type, provider_reference, refund_reference, provider_transaction_id, invoice_reference,
                       amount::text AS amount, currency, occurred_at, saved_method, status`;

/** Visible progress (its own statement: operators see what is being worked on); false when processed already or unknown. */
export async function claimWebhookEvent(pool: Pool, eventId: string): Promise<boolean> {
  const claimed = await pool.query(`UPDATE webhook_events SET status = 'processing', attempts = attempts + 1 WHERE id = $1 AND status <> 'processed' RETURNING id`, [eventId]);
  return (claimed.rowCount ?? 0) > 0;
}

export async function webhookEventExists(pool: Pool, eventId: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM webhook_events WHERE id = $1', [eventId]);
  return (rowCount ?? 0) > 0;
}

export async function readWebhookEvent(db: Queryable, eventId: string): Promise<StoredWebhookEvent | undefined> {
  const { rows } = await db.query<StoredWebhookEvent>(`SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE id = $1`, [eventId]);
  return rows[0];
}

export async function lockWebhookEvent(client: PoolClient, eventId: string): Promise<(StoredWebhookEvent & { status: string }) | undefined> {
  const { rows } = await client.query<StoredWebhookEvent & { status: string }>(`SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE id = $1 FOR UPDATE`, [eventId]);
  return rows[0];
}

/** Processed; `note` says why an authentic event changed nothing (an unknown refund, a late contradiction), for operators. */
export async function markWebhookEventProcessed(client: PoolClient, eventId: string, note: string | null = null): Promise<void> {
  await client.query(`UPDATE webhook_events SET status = 'processed', processed_at = now(), last_error = $2 WHERE id = $1`, [eventId, note?.slice(0, 1000) ?? null]);
}

/** Failed (retried later) or rejected (kept for inspection, never retried); a processed event stays processed. */
export async function markWebhookEventUnprocessed(pool: Pool, eventId: string, status: 'failed' | 'rejected', error: string): Promise<void> {
  await pool.query(`UPDATE webhook_events SET status = $3::"WebhookEventStatus", last_error = $2 WHERE id = $1 AND status <> 'processed'`, [eventId, error.slice(0, 1000), status]);
}

/** Failed events due another sweep try: the n-th waits n² minutes after arrival (see WEBHOOK_MAX_ATTEMPTS). */
export async function failedWebhooksDueRetry(pool: Pool, jobAttempts: number, maxAttempts: number, limit: number): Promise<{ id: string; attempts: number }[]> {
  const { rows } = await pool.query<{ id: string; attempts: number }>(
    `SELECT id, attempts FROM webhook_events
      WHERE status = 'failed' AND attempts >= $1 AND attempts < $2
        AND received_at < now() - make_interval(mins => (attempts - $1 + 1) * (attempts - $1 + 1))
      ORDER BY received_at LIMIT $3`,
    [jobAttempts, maxAttempts, limit],
  );
  return rows;
}

/** Events still `received` after `olderThanSeconds` (their job was never queued), oldest first. */
export async function staleReceivedWebhookIds(pool: Pool, olderThanSeconds: number, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM webhook_events WHERE status = 'received' AND received_at < now() - make_interval(secs => $1)
      ORDER BY received_at LIMIT $2`,
    [olderThanSeconds, limit],
  );
  return rows.map((row) => row.id);
}

/** Whether any webhook came through this account (such an account is kept: deactivate it instead). */
export async function accountHasWebhookEvents(db: Queryable, accountId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM webhook_events WHERE account_id = $1 LIMIT 1', [accountId]);
  return (rowCount ?? 0) > 0;
}
