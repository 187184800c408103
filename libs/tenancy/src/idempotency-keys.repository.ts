// All SQL of the tenant-schema `idempotency_keys` table (raw pg on the tenant's pool). The HTTP
// side (which requests, fingerprints, replay headers) is the API's IdempotencyInterceptor.
import type { Queryable } from '@nova/common';

export interface StoredIdempotentAnswer {
  fingerprint: string;
  /** Null while the first request with the key is still running. */
  responseStatus: number | null;
  responseBody: unknown;
}

/** Frees the key if it has expired, then claims it; false when someone holds it (a replay, or a request in flight). */
export async function claimIdempotencyKey(db: Queryable, key: string, provisionalFingerprint: string, retentionHours: number): Promise<boolean> {
  await db.query('DELETE FROM idempotency_keys WHERE key = $1 AND created_at < now() - make_interval(hours => $2)', [key, retentionHours]);
  const claimed = await db.query('INSERT INTO idempotency_keys (key, fingerprint) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, provisionalFingerprint]);
  return claimed.rowCount === 1;
}

export async function completeIdempotencyKey(db: Queryable, key: string, answer: { fingerprint: string; status: number; body: unknown }): Promise<void> {
  await db.query('UPDATE idempotency_keys SET fingerprint = $4, response_status = $2, response_body = $3, completed_at = now() WHERE key = $1', [
    key,
    answer.status,
    JSON.stringify(answer.body ?? null),
    answer.fingerprint,
  ]);
}

/** A failed request gives its key back (never a completed one), so a corrected retry may use it. */
export async function releaseIdempotencyKey(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE key = $1 AND response_status IS NULL', [key]);
}

export async function findIdempotentAnswer(db: Queryable, key: string): Promise<StoredIdempotentAnswer | null> {
  const { rows } = await db.query<StoredIdempotentAnswer>(
    'SELECT fingerprint, response_status AS "responseStatus", response_body AS "responseBody" FROM idempotency_keys WHERE key = $1',
    [key],
  );
  return rows[0] ?? null;
}

/** Deletes every expired key, so the table stays bounded. */
export async function sweepExpiredIdempotencyKeys(db: Queryable, retentionHours: number): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)', [retentionHours]);
}
