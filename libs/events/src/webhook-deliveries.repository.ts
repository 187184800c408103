// All SQL of the webhook_deliveries table (the delivery log: one row per event and endpoint, with
// its latest attempt). Private to libs/events; its reads join the events and endpoints it delivers.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable } from '@nova/common';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRow {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly endpointId: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly responseStatus: number | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  readonly lastAttemptAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = `d.id, d.event_id AS "eventId", e.type AS "eventType", d.endpoint_id AS "endpointId", d.status, d.attempts,
  d.next_attempt_at AS "nextAttemptAt", d.response_status AS "responseStatus", d.duration_ms AS "durationMs", d.error,
  d.last_attempt_at AS "lastAttemptAt", d.created_at AS "createdAt"`;

/** One delivery per (event, endpoint), due now; a pair that has one already is left alone (returns how many were new). */
export async function insertDeliveries(client: Queryable, pairs: readonly { eventId: string; endpointId: string }[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const { rowCount } = await client.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
     SELECT gen_random_uuid(), pair.event_id, pair.endpoint_id, now() FROM unnest($1::text[], $2::uuid[]) AS pair(event_id, endpoint_id)
     ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
    [pairs.map((pair) => pair.eventId), pairs.map((pair) => pair.endpointId)],
  );
  return rowCount ?? 0;
}

/** A delivery claimed for an attempt, with what the attempt needs. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly attempts: number;
  readonly createdAt: Date;
  /** When this claim's lease runs out (next_attempt_at as the claim set it): the attempt's outcome is the row's only while it still holds. */
  readonly leaseUntil: Date;
  /** The event's JSON text, sent as it is. */
  readonly body: string;
  readonly url: string;
  readonly sealedSecret: string;
  readonly previousSealedSecret: string | null;
  readonly previousSecretExpiresAt: Date | null;
}

/**
 * Claims up to `limit` pending deliveries that are due, to enabled endpoints: their next attempt is
 * pushed `leaseMs` ahead in the claiming statement (SKIP LOCKED: workers never claim the same
 * one), so a worker that dies mid-attempt leaves it due again after the lease: at least once.
 */
export async function claimDueDeliveries(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedDelivery>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.enabled
        ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED
     ), claimed AS (
       UPDATE webhook_deliveries d SET next_attempt_at = now() + $2 * interval '1 millisecond' FROM due WHERE d.id = due.id
       RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, d.created_at, d.next_attempt_at
     )
     SELECT c.id, c.endpoint_id AS "endpointId", c.attempts, c.created_at AS "createdAt", c.next_attempt_at AS "leaseUntil", e.body, w.url, w.sealed_secret AS "sealedSecret",
            w.previous_sealed_secret AS "previousSealedSecret", w.previous_secret_expires_at AS "previousSecretExpiresAt"
       FROM claimed c JOIN events e ON e.id = c.event_id JOIN webhook_endpoints w ON w.id = c.endpoint_id`,
    [limit, leaseMs],
  );
  return rows;
}

export interface AttemptOutcome {
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: Date | null;
  readonly responseStatus: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly at: Date;
}

/** Records attempt number `attempt` of a delivery. */
/**
 * The attempt goes in the log either way; its status and next attempt only while the claim's lease
 * still holds (`leaseUntil`): a resend asked for during the attempt keeps the delivery due.
 */
export async function recordAttempt(db: Queryable, id: string, attempt: number, outcome: AttemptOutcome, leaseUntil: Date): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries
        SET status = CASE WHEN next_attempt_at = $9 THEN $3::"WebhookDeliveryStatus" ELSE status END,
            next_attempt_at = CASE WHEN next_attempt_at = $9 THEN $4 ELSE next_attempt_at END,
            attempts = $2, response_status = $5, duration_ms = $6, error = $7, last_attempt_at = $8
      WHERE id = $1`,
    [id, attempt, outcome.status, outcome.nextAttemptAt, outcome.responseStatus, outcome.durationMs, outcome.error, outcome.at, leaseUntil],
  );
}

/** A disabled endpoint's pending deliveries stop: failed, saying why. */
export async function failPendingDeliveries(db: Queryable, endpointId: string, reason: string): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, error = $2 WHERE endpoint_id = $1 AND status = 'pending'`, [endpointId, reason]);
}

/**
 * A manual resend: the event's delivery to each endpoint given is due now, whatever its status
 * (created for an endpoint it never went to); returns the deliveries.
 */
export async function scheduleResend(client: Queryable, eventId: string, endpointIds: readonly string[]): Promise<DeliveryRow[]> {
  await client.query(
    `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
     SELECT gen_random_uuid(), $1, endpoint_id, now() FROM unnest($2::uuid[]) AS endpoint_id
     ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = now()`,
    [eventId, endpointIds],
  );
  const { rows } = await client.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.event_id = $1 AND d.endpoint_id = ANY($2::uuid[]) ORDER BY d.created_at, d.id`,
    [eventId, endpointIds],
  );
  return rows;
}

export async function deliveryPosition(db: Queryable, endpointId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2', [id, endpointId]);
  return rows[0];
}

/** A keyset page of an endpoint's deliveries, newest first, optionally of one event or status. */
export async function selectDeliveryPage(db: Queryable, endpointId: string, window: KeysetWindow, filter: { eventId?: string; status?: DeliveryStatus }): Promise<DeliveryRow[]> {
  const keyset = keysetSql(window, 1, { createdAt: 'd.created_at', id: 'd.id' });
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.endpoint_id = $7 AND ${keyset.where} AND ($8::text IS NULL OR d.event_id = $8) AND ($9::text IS NULL OR d.status::text = $9)
      ORDER BY ${keyset.order} LIMIT $10`,
    [...keyset.values, endpointId, filter.eventId ?? null, filter.status ?? null, window.fetch],
  );
  return rows;
}
