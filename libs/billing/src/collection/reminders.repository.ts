// All SQL of invoice_reminders: which payment reminder went out for which invoice. Private to the
// collection context. Like the automatic-charge selection (dunning.repository.ts), the candidate
// query reads invoices and saved methods in one set-based statement.
import type { Queryable } from '@nova/common';
import { type ClockScope, WALL_CLOCK_SCOPE, clockScopeSql } from '../customers';
import { hasCollectableMethod } from './payment-methods.repository';

export interface ReminderCandidate {
  invoiceId: string;
  dueAt: Date;
  /** The schedule days already reminded about. */
  sentDays: number[];
}

/**
 * Open invoices with something due that no saved method will collect (the customer has no
 * default method on an active account), whose first reminder day has come by `asOf` and whose
 * last one has not been sent: what the reminder rule (reminderDue) then decides about.
 */
export async function selectReminderCandidates(db: Queryable, schedule: readonly number[], asOf: Date, scope: ClockScope = WALL_CLOCK_SCOPE): Promise<ReminderCandidate[]> {
  const { rows } = await db.query<ReminderCandidate>(
    `SELECT i.id AS "invoiceId", i.due_at AS "dueAt",
            coalesce((SELECT array_agg(r.days_from_due) FROM invoice_reminders r WHERE r.invoice_id = i.id), '{}') AS "sentDays"
       FROM invoices i
      WHERE i.status = 'open' AND i.amount_due > 0
        AND i.due_at <= $1::timestamptz - make_interval(days => $2::int)
        AND NOT EXISTS (SELECT 1 FROM invoice_reminders r WHERE r.invoice_id = i.id AND r.days_from_due = $3::int)
        AND NOT ${hasCollectableMethod('i.customer_id')}
        AND ${clockScopeSql('i.test_clock_id', '$4')}`,
    [asOf, schedule[0]!, schedule[schedule.length - 1]!, scope.testClockId],
  );
  return rows;
}

/** Takes the (invoice, day) reminder for sending; false when it was taken already (sent, or being sent). */
export async function claimReminder(db: Queryable, invoiceId: string, daysFromDue: number): Promise<boolean> {
  const { rowCount } = await db.query('INSERT INTO invoice_reminders (invoice_id, days_from_due) VALUES ($1, $2) ON CONFLICT DO NOTHING', [invoiceId, daysFromDue]);
  return (rowCount ?? 0) > 0;
}

/** Gives a claimed reminder back when sending it failed, so that the retry sends it. */
export async function releaseReminder(db: Queryable, invoiceId: string, daysFromDue: number): Promise<void> {
  await db.query('DELETE FROM invoice_reminders WHERE invoice_id = $1 AND days_from_due = $2', [invoiceId, daysFromDue]);
}

/** The days an invoice was reminded on, in schedule order. */
export async function selectSentReminderDays(db: Queryable, invoiceId: string): Promise<number[]> {
  const { rows } = await db.query<{ day: number }>('SELECT days_from_due AS day FROM invoice_reminders WHERE invoice_id = $1 ORDER BY days_from_due', [invoiceId]);
  return rows.map((row) => row.day);
}

/** The next reminder day after `after` of the open invoices in `scope` that no saved method collects (a test clock steps to it), or null. */
export async function nextReminderAt(db: Queryable, schedule: readonly number[], scope: ClockScope, after: Date): Promise<Date | null> {
  if (schedule.length === 0) return null;
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(i.due_at + make_interval(days => d.day)) AS at
       FROM invoices i CROSS JOIN unnest($3::int[]) AS d(day)
      WHERE i.status = 'open' AND i.amount_due > 0 AND i.due_at + make_interval(days => d.day) > $2
        AND NOT ${hasCollectableMethod('i.customer_id')} AND ${clockScopeSql('i.test_clock_id', '$1')}`,
    [scope.testClockId, after, [...schedule]],
  );
  return rows[0]?.at ?? null;
}

/** Deleting a test clock: the reminders sent for its customers' invoices. */
export async function deleteRemindersOfInvoices(client: Queryable, invoiceIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM invoice_reminders WHERE invoice_id = ANY($1::uuid[])', [invoiceIds]);
}
