import type { Queryable } from '@nova/common';
import type { EventType } from '@nova/domain';
import { type EventEnvelope, eventBodyText, newEventIds, toJsonText } from './event-envelope';
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
  const ids = newEventIds(commands.length);
  const rows: { id: string; type: string; body: string }[] = [];
  const events = commands.map((command, index): EventEnvelope => {
    // Stored as the database's own mode (insertEvents: a test-mode database records false).
    const head = { id: ids[index]!, object: 'event', type: command.type, created, livemode: true } as const;
    const objectText = toJsonText(command.object);
    rows.push({ id: head.id, type: head.type, body: eventBodyText(head, objectText) });
    return { ...head, data: { object: JSON.parse(objectText) as Record<string, unknown> } };
  });
  await insertEvents(client, rows);
  return events;
}
