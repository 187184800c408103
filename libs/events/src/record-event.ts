import type { Queryable } from '@nova/common';
import type { EventType } from '@nova/domain';
import { type EventEnvelope, eventJson, newEventId } from './event-envelope';
import { insertEvents } from './events.repository';

export interface RecordEventCommand {
  readonly type: EventType;
  /** The resource as the API shows it (the context's public representation, with its `object` name). */
  readonly object: object;
}

/**
 * Writes an event to the outbox on `client`, inside the caller's transaction: it exists exactly
 * when the change it reports was committed, and the worker relays it after the commit (Kill Bill's
 * bus). Every context that changes what an event reports calls this in the change's transaction.
 */
export async function recordEvent(client: Queryable, command: RecordEventCommand): Promise<EventEnvelope> {
  const [event] = await recordEvents(client, [command]);
  return event!;
}

/** recordEvent for a batch (the billing cycle's invoices): one statement, the events in the order given. */
export async function recordEvents(client: Queryable, commands: readonly RecordEventCommand[]): Promise<EventEnvelope[]> {
  const created = Math.floor(Date.now() / 1000);
  const rows = commands.map((command) => {
    const id = newEventId();
    // Stored as the database's own mode (insertEvents: a test-mode database records false).
    return { id, type: command.type, body: eventJson({ id, object: 'event', type: command.type, created, livemode: true, data: { object: command.object } }) };
  });
  await insertEvents(client, rows);
  // The envelopes as receivers will read them; parsed only if a caller looks.
  return rows.map((row) => lazyEnvelope(row.body));
}

function lazyEnvelope(body: string): EventEnvelope {
  let parsed: EventEnvelope | undefined;
  const envelope = () => (parsed ??= JSON.parse(body) as EventEnvelope);
  return {
    get id() { return envelope().id; },
    get object() { return envelope().object; },
    get type() { return envelope().type; },
    get created() { return envelope().created; },
    get livemode() { return envelope().livemode; },
    get data() { return envelope().data; },
  };
}
