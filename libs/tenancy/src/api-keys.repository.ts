// All SQL of the central `api_keys` table (raw pg: resolution is on every API-key request;
// errors through translateCentralError). Private to @nova/tenancy.
import type { ApiKey, ApiKeyMode, ApiKeyScope } from '@nova/central-db';
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';
import { translatingErrors } from './central-errors';

const KEY_COLUMNS = `id, tenant_id AS "tenantId", name, mode, prefix, last_4 AS "last4", secret_hash AS "secretHash", created_by_id AS "createdById",
  created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt", scope`;

export interface NewApiKey {
  tenantId: string;
  name: string;
  mode: ApiKeyMode;
  prefix: string;
  last4: string;
  secretHash: string;
  createdById?: string;
  scope: ApiKeyScope;
}

/** What a request authenticated by an API key acts as. */
export interface ResolvedApiKey {
  id: string;
  tenantId: string;
  mode: ApiKeyMode;
  scope: ApiKeyScope;
  /** The secret's first characters (`sk_live_ab12`): how the audit log names the key. */
  prefix: string;
}

export async function countActiveApiKeys(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await translatingErrors(() => db.query<{ count: number }>('SELECT count(*)::int AS count FROM api_keys WHERE tenant_id = $1 AND revoked_at IS NULL', [tenantId]));
  return rows[0]!.count;
}

export async function insertApiKey(db: Queryable, key: NewApiKey): Promise<ApiKey> {
  const { rows } = await translatingErrors(() =>
    db.query<ApiKey>(
      `INSERT INTO api_keys (id, tenant_id, name, mode, prefix, last_4, secret_hash, created_by_id, scope)
       VALUES (gen_random_uuid(), $1, $2, $3::"ApiKeyMode", $4, $5, $6, $7, $8::"ApiKeyScope") RETURNING ${KEY_COLUMNS}`,
      [key.tenantId, key.name, key.mode, key.prefix, key.last4, key.secretHash, key.createdById ?? null, key.scope],
    ),
  );
  return rows[0]!;
}

/** One keyset page of the tenant's keys (window.fetch rows, in the window's order) on api_keys (tenant_id, created_at, id). */
export async function listApiKeys(db: Queryable, tenantId: string, window: KeysetWindow): Promise<ApiKey[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await translatingErrors(() =>
    db.query<ApiKey>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`, [tenantId, ...keyset.values, window.fetch]),
  );
  return rows;
}

/** A key's keyset position among the tenant's (primary key lookup), for starting_after / ending_before. */
export async function apiKeyPosition(db: Queryable, tenantId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await translatingErrors(() => db.query<Keyset>('SELECT created_at AS "createdAt", id FROM api_keys WHERE id = $1 AND tenant_id = $2', [id, tenantId]));
  return rows[0];
}

/** Sets revoked_at unless it is set already; null when the tenant has no such key. Returns the key as it is now. */
export async function revokeApiKeyRow(db: Queryable, tenantId: string, id: string): Promise<ApiKey | null> {
  const { rows } = await translatingErrors(() =>
    db.query<ApiKey>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 AND tenant_id = $2 RETURNING ${KEY_COLUMNS}`,
      [id, tenantId],
    ),
  );
  return rows[0] ?? null;
}

export async function findActiveApiKeyByHash(db: Queryable, secretHash: string): Promise<ResolvedApiKey | null> {
  const { rows } = await translatingErrors(() =>
    db.query<ResolvedApiKey>('SELECT id, tenant_id AS "tenantId", mode, scope, prefix FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL', [secretHash]),
  );
  return rows[0] ?? null;
}

export async function touchApiKey(db: Queryable, id: string): Promise<void> {
  await translatingErrors(() => db.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id]));
}
