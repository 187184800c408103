// All SQL of the invoice_dunning and payment_settings tables (raw pg: the automatic-charge
// selection is one set-based statement). Private to the collection context.
import type { PoolClient } from 'pg';
import type { Queryable } from '@nova/common';
import type { DunningFinalAction } from '@nova/domain';
import { type ClockScope, WALL_CLOCK_SCOPE, clockScopeSql } from '../customers';
import { hasCollectableMethod } from './payment-methods.repository';

/**
 * Starts dunning for the open subscription invoices of customers with a default method on an
 * active account (one set-based statement; an invoice already in dunning keeps its row), and
 * returns the invoices not attempted yet, including any whose job was lost before it was enqueued.
 */
export async function startDunningForCollectableInvoices(db: Queryable, scope: ClockScope = WALL_CLOCK_SCOPE): Promise<string[]> {
  await db.query(
    `INSERT INTO invoice_dunning (invoice_id, status, attempts, updated_at)
     SELECT i.id, 'active', 0, now() FROM invoices i
      WHERE i.status = 'open' AND i.subscription_id IS NOT NULL AND i.amount_due > 0
        AND ${hasCollectableMethod('i.customer_id')} AND ${clockScopeSql('i.test_clock_id', '$1')}
     ON CONFLICT (invoice_id) DO NOTHING`,
    [scope.testClockId],
  );
  const { rows } = await db.query<{ invoice_id: string }>(
    `SELECT d.invoice_id FROM invoice_dunning d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.status = 'active' AND d.attempts = 0 AND ${clockScopeSql('i.test_clock_id', '$1')}`,
    [scope.testClockId],
  );
  return rows.map((row) => row.invoice_id);
}

/**
 * A test clock's dunning, run as of its frozen time rather than by the queue's backoff: the invoices
 * of the clock's customers in active dunning whose next attempt has come by `asOf` (never attempted,
 * or a retry due), with the attempts made so far.
 */
export async function selectDueDunningAttempts(db: Queryable, scope: ClockScope, asOf: Date): Promise<{ invoiceId: string; attempts: number }[]> {
  const { rows } = await db.query<{ invoiceId: string; attempts: number }>(
    `SELECT d.invoice_id AS "invoiceId", d.attempts FROM invoice_dunning d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.status = 'active' AND (d.attempts = 0 OR d.next_attempt_at <= $2) AND ${clockScopeSql('i.test_clock_id', '$1')}
      ORDER BY i.issued_at, i.sequence`,
    [scope.testClockId, asOf],
  );
  return rows;
}

/** The next dunning retry after `after` among the invoices in `scope` (a test clock steps to it), or null. */
export async function nextDunningAttemptAt(db: Queryable, scope: ClockScope, after: Date): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(d.next_attempt_at) AS at FROM invoice_dunning d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.status = 'active' AND d.next_attempt_at > $2 AND ${clockScopeSql('i.test_clock_id', '$1')}`,
    [scope.testClockId, after],
  );
  return rows[0]?.at ?? null;
}

/** Collection of the invoice ended well (paid, or nothing left to charge). True when this call ended it. */
export async function markDunningRecovered(db: Queryable, invoiceId: string, onlyWhileActive = false): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE invoice_dunning SET status = 'recovered', next_attempt_at = NULL, updated_at = now()
      WHERE invoice_id = $1 AND ${onlyWhileActive ? "status = 'active'" : "status <> 'recovered'"}`,
    [invoiceId],
  );
  return (rowCount ?? 0) > 0;
}

/** An attempt that did not fail (succeeded, or pending at the provider). */
export async function recordDunningAttempt(db: Queryable, invoiceId: string, attempt: number): Promise<void> {
  await db.query(`UPDATE invoice_dunning SET attempts = $2, last_error = NULL, next_attempt_at = NULL, updated_at = now() WHERE invoice_id = $1`, [invoiceId, attempt]);
}

/** A declined attempt: retried at `nextAttemptAt`, or exhausted when there is none. */
export async function recordDeclinedDunningAttempt(client: PoolClient, invoiceId: string, declined: { attempt: number; reason: string; nextAttemptAt: Date | null }): Promise<void> {
  await client.query(
    `UPDATE invoice_dunning SET attempts = $2, last_error = $3, next_attempt_at = $4, status = $5::"DunningStatus", updated_at = now() WHERE invoice_id = $1`,
    [invoiceId, declined.attempt, declined.reason.slice(0, 500), declined.nextAttemptAt, declined.nextAttemptAt ? 'active' : 'exhausted'],
  );
}

export interface StoredPaymentSettings {
  retryDelaysSeconds: number[];
  finalAction: string;
  /** Null: never set (the default schedule applies); empty: no reminders. */
  reminderDays: number[] | null;
}

const SETTINGS_COLUMNS = 'retry_delays_seconds AS "retryDelaysSeconds", final_action AS "finalAction", reminder_days AS "reminderDays"';

/** The tenant's stored dunning settings (one row, id 1), or null when never set. */
export async function readPaymentSettings(db: Queryable): Promise<StoredPaymentSettings | null> {
  const { rows } = await db.query<StoredPaymentSettings>(`SELECT ${SETTINGS_COLUMNS} FROM payment_settings WHERE id = 1`);
  return rows[0] ?? null;
}

/** Changes what is given; the rest keeps its stored value (or the column default on the first write). */
export async function savePaymentSettings(
  db: Queryable,
  change: { retryDelaysSeconds?: number[]; finalAction?: DunningFinalAction; reminderDays?: number[] },
  defaultFinalAction: DunningFinalAction,
): Promise<StoredPaymentSettings> {
  // reminder_days is set only when given ($4), since an empty schedule is a value of its own (no reminders).
  const { rows } = await db.query<StoredPaymentSettings>(
    `INSERT INTO payment_settings (id, retry_delays_seconds, final_action, reminder_days, updated_at)
     VALUES (1, COALESCE($1::int[], '{}'), COALESCE($2, $3), CASE WHEN $4::boolean THEN $5::int[] END, now())
     ON CONFLICT (id) DO UPDATE SET retry_delays_seconds = COALESCE($1::int[], payment_settings.retry_delays_seconds),
                                    final_action = COALESCE($2, payment_settings.final_action),
                                    reminder_days = CASE WHEN $4::boolean THEN $5::int[] ELSE payment_settings.reminder_days END,
                                    updated_at = now()
     RETURNING ${SETTINGS_COLUMNS}`,
    [change.retryDelaysSeconds ?? null, change.finalAction ?? null, defaultFinalAction, change.reminderDays !== undefined, change.reminderDays ?? null],
  );
  return rows[0]!;
}

/** Deleting a test clock: the dunning state of its customers' invoices. */
export async function deleteDunningOfInvoices(client: PoolClient, invoiceIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM invoice_dunning WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
}
