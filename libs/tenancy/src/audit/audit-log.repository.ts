// All SQL of the tenant-schema `audit_log` table but its inserts, which only the audit triggers
// make (the audit_log migration): the filtered keyset page, a row's position, the retention prune.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable, inTransaction } from '@nova/common';
import type { Pool } from 'pg';
import type { AuditActorType } from './audit-context';

export interface AuditEntryRecord {
  id: string;
  occurredAt: Date;
  action: string;
  objectType: string;
  objectId: string | null;
  actorType: AuditActorType | 'unknown';
  actorId: string | null;
  actorLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  transactionId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditLogFilter {
  actorType?: string;
  actorId?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  requestId?: string;
}

const COLUMNS = `id::text AS id, occurred_at AS "occurredAt", action, object_type AS "objectType", object_id AS "objectId",
  actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", ip, user_agent AS "userAgent",
  request_id AS "requestId", transaction_id::text AS "transactionId", before, after`;

/** One page of entries, newest first; every filter is optional (null placeholders), so it is one statement. */
export async function listAuditEntries(db: Queryable, filter: AuditLogFilter, window: KeysetWindow): Promise<AuditEntryRecord[]> {
  const keyset = keysetSql(window, 1, { createdAt: 'occurred_at', id: 'id', idType: 'bigint' });
  const { rows } = await db.query<AuditEntryRecord>(
    `SELECT ${COLUMNS} FROM audit_log
      WHERE ${keyset.where}
        AND ($8::text IS NULL OR actor_type = $8) AND ($9::text IS NULL OR actor_id = $9)
        AND ($10::text IS NULL OR object_type = $10) AND ($11::text IS NULL OR object_id = $11)
        AND ($12::text IS NULL OR action = $12) AND ($13::text IS NULL OR request_id = $13)
      ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch, filter.actorType ?? null, filter.actorId ?? null, filter.objectType ?? null, filter.objectId ?? null, filter.action ?? null, filter.requestId ?? null],
  );
  return rows;
}

/** An entry's keyset position (primary key lookup), for starting_after / ending_before. */
export async function auditEntryPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT occurred_at AS "createdAt", id::text AS id FROM audit_log WHERE id = $1::bigint', [id]);
  return rows[0];
}

/**
 * Deletes up to `batchSize` entries older than `before`, oldest first, and says how many: the one
 * DELETE the append-only trigger lets through (nova.audit_prune, set for this transaction only).
 * audit_log has no audit trigger of its own: a prune records nothing.
 */
export async function deleteAuditEntriesBefore(pool: Pool, before: Date, batchSize: number): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query(`SELECT set_config('nova.audit_prune', 'on', true)`);
    const { rowCount } = await client.query(
      `DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE occurred_at < $1 ORDER BY occurred_at, id LIMIT $2)`,
      [before, batchSize],
    );
    return rowCount ?? 0;
  });
}

/** A change recorded by code rather than by a trigger: the tenant's rows in the central database. */
export interface ExplicitAuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Writes one entry through the same function the triggers use (actor and origin from the
 * transaction's audit context, the masked columns masked), in a transaction of its own so the
 * audited pool sets that context.
 */
export async function insertAuditEntry(pool: Pool, entry: ExplicitAuditEntry): Promise<void> {
  await inTransaction(pool, (client) =>
    client.query(
      `SELECT nova_audit_write($1, $2, $3,
                               CASE WHEN $4::jsonb IS NULL THEN NULL ELSE nova_audit_masked($4::jsonb) END,
                               CASE WHEN $5::jsonb IS NULL THEN NULL ELSE nova_audit_masked($5::jsonb) END)`,
      [entry.action, entry.objectType, entry.objectId, entry.before ? JSON.stringify(entry.before) : null, entry.after ? JSON.stringify(entry.after) : null],
    ),
  );
}
