// All SQL of the events table (the outbox). Private to libs/events.
import { type Keyset, type KeysetWindow, keysetSql, type Queryable, textArrayLiteral } from '@nova/common';

export interface EventRow {
  readonly id: string;
  readonly type: string;
  /** The JSON text delivered. */
  readonly body: string;
  readonly createdAt: Date;
}

const COLUMNS = `id, type, body, created_at AS "createdAt"`;

/** A new event: its id, type and the envelope's JSON text (what receivers get). */
export interface NewEventRow {
  readonly id: string;
  readonly type: string;
  readonly body: string;
}

/**
 * Writes events in one statement. created_at is the transaction's clock plus the event's position
 * (milliseconds: the column keeps milliseconds), so events of one transaction list and relay in the order they were recorded.
 * A test-mode database says so (nova.livemode, set on the database when it is created): the
 * envelope's livemode, the first key of that name in its text, is the database's.
 */
export async function insertEvents(db: Queryable, events: readonly NewEventRow[]): Promise<void> {
  if (events.length === 0) return;
  // Most writes record one event: plain parameters then, no array literal of its (escaped) body.
  const [rows, values] =
    events.length === 1
      ? ['unnest(ARRAY[$1::text], ARRAY[$2::text], ARRAY[$3::text])', [events[0]!.id, events[0]!.type, events[0]!.body]]
      : ['unnest($1::text[], $2::text[], $3::text[])', [textArrayLiteral(events.map((event) => event.id)), textArrayLiteral(events.map((event) => event.type)), textArrayLiteral(events.map((event) => event.body))]];
  await db.query(
    `INSERT INTO events (id, type, body, created_at)
     SELECT e.id, e.type, regexp_replace(e.body, '"livemode":true', '"livemode":' || coalesce(nullif(current_setting('nova.livemode', true), ''), 'true')),
            clock_timestamp() + (e.position * interval '1 millisecond')
       FROM ${rows} WITH ORDINALITY AS e(id, type, body, position)`,
    values,
  );
}

export async function findEvent(db: Queryable, id: string): Promise<EventRow | undefined> {
  const { rows } = await db.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE id = $1`, [id]);
  return rows[0];
}

export async function eventPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM events WHERE id = $1', [id]);
  return rows[0];
}

/** A keyset page of events, newest first, optionally of one type. */
export async function selectEventPage(db: Queryable, window: KeysetWindow, type: string | undefined): Promise<EventRow[]> {
  const keyset = keysetSql(window, 1, { createdAt: 'created_at', id: 'id', idType: 'text' });
  const { rows } = await db.query<EventRow>(
    `SELECT ${COLUMNS} FROM events WHERE ${keyset.where} AND ($7::text IS NULL OR type = $7) ORDER BY ${keyset.order} LIMIT $8`,
    [...keyset.values, type ?? null, window.fetch],
  );
  return rows;
}

/**
 * Claims up to `limit` events not relayed yet, oldest first, locked for the caller's transaction;
 * SKIP LOCKED lets several workers relay one tenant at once without taking the same event.
 */
export async function claimUnrelayedEvents(client: Queryable, limit: number): Promise<Pick<EventRow, 'id' | 'type'>[]> {
  const { rows } = await client.query<Pick<EventRow, 'id' | 'type'>>(
    'SELECT id, type FROM events WHERE relayed_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED',
    [limit],
  );
  return rows;
}

export async function markEventsRelayed(client: Queryable, ids: readonly string[]): Promise<void> {
  await client.query('UPDATE events SET relayed_at = now() WHERE id = ANY($1::text[])', [ids]);
}

/**
 * Deletes up to `batchSize` events created before `before`, oldest first, and says how many; their delivery log
 * goes with them (ON DELETE CASCADE). An event the relay has not fanned out yet, or with a delivery still being
 * retried, is kept whatever its age: retention never loses an event before it was delivered or given up on.
 */
export async function deleteEventsBefore(db: Queryable, before: Date, batchSize: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM events WHERE id IN (
       SELECT e.id FROM events e
        WHERE e.created_at < $1 AND e.relayed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
        ORDER BY e.created_at, e.id LIMIT $2)`,
    [before, batchSize],
  );
  return rowCount ?? 0;
}
