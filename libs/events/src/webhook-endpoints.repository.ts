// All SQL of the webhook_endpoints table. Private to libs/events.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';

export interface WebhookEndpointRow {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabledEvents: string[];
  readonly enabled: boolean;
  readonly sealedSecret: string;
  readonly previousSealedSecret: string | null;
  readonly previousSecretExpiresAt: Date | null;
  readonly failingSince: Date | null;
  readonly disabledReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const COLUMNS = `id, url, description, enabled_events AS "enabledEvents", enabled, sealed_secret AS "sealedSecret",
  previous_sealed_secret AS "previousSealedSecret", previous_secret_expires_at AS "previousSecretExpiresAt",
  failing_since AS "failingSince", disabled_reason AS "disabledReason", created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface NewWebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabledEvents: readonly string[];
  readonly sealedSecret: string;
}

export async function insertWebhookEndpoint(db: Queryable, endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRow> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `INSERT INTO webhook_endpoints (id, url, description, enabled_events, sealed_secret) VALUES ($1, $2, $3, $4::text[], $5) RETURNING ${COLUMNS}`,
    [endpoint.id, endpoint.url, endpoint.description, endpoint.enabledEvents, endpoint.sealedSecret],
  );
  return rows[0]!;
}

export async function countWebhookEndpoints(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM webhook_endpoints');
  return rows[0]!.count;
}

export async function findWebhookEndpoint(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<WebhookEndpointRow | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function webhookEndpointPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM webhook_endpoints WHERE id = $1', [id]);
  return rows[0];
}

export async function selectWebhookEndpointPage(db: Queryable, window: KeysetWindow): Promise<WebhookEndpointRow[]> {
  const keyset = keysetSql(window, 1);
  const { rows } = await db.query<WebhookEndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`, [...keyset.values, window.fetch]);
  return rows;
}

/** The enabled endpoints, for the relay's fan-out. */
export async function selectEnabledEndpoints(db: Queryable): Promise<Pick<WebhookEndpointRow, 'id' | 'enabledEvents'>[]> {
  const { rows } = await db.query<Pick<WebhookEndpointRow, 'id' | 'enabledEvents'>>('SELECT id, enabled_events AS "enabledEvents" FROM webhook_endpoints WHERE enabled');
  return rows;
}

export interface WebhookEndpointChange {
  url?: string;
  description?: string | null;
  enabledEvents?: readonly string[];
  enabled?: boolean;
}

/** Changes what is given; enabling an endpoint again forgets why it was disabled and since when it failed. */
export async function updateWebhookEndpointRow(db: Queryable, id: string, change: WebhookEndpointChange): Promise<WebhookEndpointRow | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET
       url = coalesce($2, url),
       description = CASE WHEN $3::boolean THEN $4 ELSE description END,
       enabled_events = coalesce($5::text[], enabled_events),
       enabled = coalesce($6, enabled),
       disabled_reason = CASE WHEN $6 IS TRUE THEN NULL ELSE disabled_reason END,
       failing_since = CASE WHEN $6 IS TRUE THEN NULL ELSE failing_since END,
       updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, change.url ?? null, change.description !== undefined, change.description ?? null, change.enabledEvents ?? null, change.enabled ?? null],
  );
  return rows[0];
}

export async function replaceWebhookSecret(db: Queryable, id: string, secrets: { sealedSecret: string; previousSealedSecret: string | null; previousSecretExpiresAt: Date | null }): Promise<WebhookEndpointRow | undefined> {
  const { rows } = await db.query<WebhookEndpointRow>(
    `UPDATE webhook_endpoints SET sealed_secret = $2, previous_sealed_secret = $3, previous_secret_expires_at = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, secrets.sealedSecret, secrets.previousSealedSecret, secrets.previousSecretExpiresAt],
  );
  return rows[0];
}

export async function deleteWebhookEndpointRow(db: Queryable, id: string): Promise<boolean> {
  return ((await db.query('DELETE FROM webhook_endpoints WHERE id = $1', [id])).rowCount ?? 0) > 0;
}

/** After a 2xx: the endpoint is not failing any more. */
export async function markEndpointHealthy(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL', [id]);
}

/** After a failed attempt: failing since the first failure in a row; returns since when, and whether it is still enabled. */
export async function markEndpointFailing(db: Queryable, id: string, at: Date): Promise<{ failingSince: Date; enabled: boolean } | undefined> {
  const { rows } = await db.query<{ failingSince: Date; enabled: boolean }>(
    `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) WHERE id = $1 RETURNING failing_since AS "failingSince", enabled`,
    [id, at],
  );
  return rows[0];
}

/** Disables an enabled endpoint, saying why; false when it was already disabled (someone else did it). */
export async function disableEndpoint(db: Queryable, id: string, reason: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND enabled', [id, reason]);
  return (rowCount ?? 0) > 0;
}
