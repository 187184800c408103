import type { Pool } from 'pg';
import type { NewCdr } from './cdr-input';

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores CDRs as pending with one INSERT … SELECT FROM unnest. The switch's id is unique, so a
 * re-sent CDR (or a duplicate inside the batch) is skipped and counted as a duplicate.
 */
export async function storeCdrs(pool: Pool, cdrs: readonly NewCdr[]): Promise<IngestResult> {
  if (cdrs.length === 0) return { accepted: 0, duplicates: 0 };
  const result = await pool.query(
    `INSERT INTO cdrs (switch_id, caller_number, called_number, started_at, duration_ms)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::int[])
     ON CONFLICT (switch_id) DO NOTHING`,
    [cdrs.map((c) => c.switchId), cdrs.map((c) => c.callerNumber), cdrs.map((c) => c.calledNumber), cdrs.map((c) => c.startedAt.toISOString()), cdrs.map((c) => c.durationMs)],
  );
  const accepted = result.rowCount ?? 0;
  return { accepted, duplicates: cdrs.length - accepted };
}
