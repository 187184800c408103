import type { Pool } from 'pg';
import { numberArrayLiteral, textArrayLiteral } from '@nova/common';
import type { NewCdr } from './cdr-input';

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores CDRs as pending and queues them for rating (one queue row holding the batch's new ids), in
 * one statement (INSERT … SELECT FROM unnest).
 * The switch's id is unique, so a re-sent CDR (or a duplicate inside the batch) is skipped and
 * counted as a duplicate. The caller's account is resolved now, from the number inventory: rating
 * then rewrites no indexed column (subscription_id stays) and its UPDATE is HOT; a number assigned
 * later is picked up when the CDR is rated again.
 */
export async function storeCdrs(pool: Pool, cdrs: readonly NewCdr[]): Promise<IngestResult> {
  if (cdrs.length === 0) return { accepted: 0, duplicates: 0 };
  const { rows } = await pool.query<{ accepted: number }>(
    `WITH stored AS (
       INSERT INTO cdrs (switch_id, caller_number, called_number, started_at, duration_ms, account_id, subscription_id)
       SELECT u.switch_id, u.caller_number, u.called_number, to_timestamp(u.started_ms / 1000.0), u.duration_ms, a.id, a.subscription_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int[]) AS u(switch_id, caller_number, called_number, started_ms, duration_ms)
         LEFT JOIN dids d ON d.number = u.caller_number
         LEFT JOIN telecom_accounts a ON a.id = d.account_id
       ON CONFLICT (switch_id) DO NOTHING
       RETURNING id),
     queued AS (INSERT INTO cdr_rating_queue (cdr_ids, cdr_count) SELECT array_agg(id), count(*) FROM stored HAVING count(*) > 0)
     SELECT count(*)::int AS accepted FROM stored`,
    [
      textArrayLiteral(cdrs.map((c) => c.switchId)),
      textArrayLiteral(cdrs.map((c) => c.callerNumber)),
      textArrayLiteral(cdrs.map((c) => c.calledNumber)),
      numberArrayLiteral(cdrs.map((c) => c.startedAt.getTime())),
      numberArrayLiteral(cdrs.map((c) => c.durationMs)),
    ],
  );
  const accepted = rows[0]!.accepted;
  return { accepted, duplicates: cdrs.length - accepted };
}

/** CDR ids per rating-queue row when re-queuing: a retry of millions of CDRs still rates in batches. */
const QUEUE_ROW_CDRS = 10_000;

/**
 * Sends unbilled CDRs matching `condition` (SQL on alias `c`, parameters $1…) back to rating: marks
 * them pending and queues them. Billed CDRs stay as invoiced. Returns how many were sent back.
 */
export async function requeueCdrs(pool: Pool, condition: string, values: readonly unknown[]): Promise<number> {
  const { rows } = await pool.query<{ requeued: number }>(
    `WITH requeued AS (UPDATE cdrs c SET status = 'pending' WHERE (${condition}) AND c.invoice_id IS NULL RETURNING c.id),
          queued AS (INSERT INTO cdr_rating_queue (cdr_ids, cdr_count)
                     SELECT array_agg(id), count(*) FROM (SELECT id, (row_number() OVER () - 1) / ${QUEUE_ROW_CDRS} AS chunk FROM requeued) r GROUP BY chunk)
     SELECT count(*)::int AS requeued FROM requeued`,
    values as unknown[],
  );
  return rows[0]!.requeued;
}
