// The tenant's events (GET /api/events: replay what a receiver missed) and manual resends.
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { DomainError, endpointReceives, eventsRetentionCutoff } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { EVENT_ID_PATTERN, type EventEnvelope } from '../event-envelope';
import { deleteEventsBefore, eventPosition, findEvent, selectEventPage } from '../events.repository';
import { type WebhookDeliveryView, webhookDeliveryView } from '../webhook-endpoint.view';
import { findWebhookEndpoint, selectEnabledEndpoints } from '../webhook-endpoints.repository';
import { deliveryPosition, type DeliveryStatus, scheduleResend, selectDeliveryPage } from '../webhook-deliveries.repository';

export interface ListEventsQuery extends PageRequest {
  readonly type?: string;
}

export async function listEvents(db: TenantDatabase, query: ListEventsQuery): Promise<Page<EventEnvelope>> {
  const window = await resolveWindow(query, (id) => eventPosition(db.pool, id), EVENT_ID_PATTERN);
  const page = toPage(await selectEventPage(db.pool, window, query.type), query.limit, undefined, window);
  return { ...page, data: page.data.map((row) => JSON.parse(row.body) as EventEnvelope) };
}

export async function getEvent(db: TenantDatabase, id: string): Promise<EventEnvelope> {
  const row = EVENT_ID_PATTERN.test(id) ? await findEvent(db.pool, id) : undefined;
  if (!row) throw DomainError.notFound('Event', id);
  return JSON.parse(row.body) as EventEnvelope;
}

export interface ResendEventCommand {
  readonly eventId: string;
  /** Only to this endpoint (which need not have received it before); default: every enabled endpoint subscribed to its type. */
  readonly endpointId?: string;
}

/**
 * Schedules the event's delivery again, due now (the worker sends it on its next relay tick),
 * whatever became of the earlier attempts. A disabled endpoint is a 409: enable it first.
 */
export async function resendEvent(db: TenantDatabase, command: ResendEventCommand): Promise<WebhookDeliveryView[]> {
  const event = await getEvent(db, command.eventId);
  return inTransaction(db.pool, async (client) => {
    let endpointIds: string[];
    if (command.endpointId !== undefined) {
      const endpoint = await findWebhookEndpoint(client, command.endpointId);
      if (!endpoint) throw DomainError.notFound('Webhook endpoint', command.endpointId);
      if (!endpoint.enabled) throw DomainError.conflict('the webhook endpoint is disabled: enable it before resending to it', 'endpointId');
      endpointIds = [endpoint.id];
    } else {
      endpointIds = (await selectEnabledEndpoints(client)).filter((endpoint) => endpointReceives(endpoint.enabledEvents, event.type)).map((endpoint) => endpoint.id);
    }
    return (await scheduleResend(client, event.id, endpointIds)).map(webhookDeliveryView);
  });
}

export interface ListDeliveriesQuery extends PageRequest {
  readonly endpointId: string;
  readonly eventId?: string;
  readonly status?: DeliveryStatus;
}

/** An endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(db: TenantDatabase, query: ListDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
  if (!(await findWebhookEndpoint(db.pool, query.endpointId))) throw DomainError.notFound('Webhook endpoint', query.endpointId);
  const window = await resolveWindow(query, (id) => deliveryPosition(db.pool, query.endpointId, id));
  const page = toPage(await selectDeliveryPage(db.pool, query.endpointId, window, { eventId: query.eventId, status: query.status }), query.limit, undefined, window);
  return { ...page, data: page.data.map(webhookDeliveryView) };
}

export interface PruneEventsCommand {
  /** EVENTS_RETENTION_DAYS. */
  retentionDays: number;
  /** Defaults to the current time. */
  now?: Date;
  /** Events per DELETE: each batch is its own short statement. */
  batchSize?: number;
}

/** Deletes the events (and their delivery log) older than the retention period, as deleteEventsBefore allows; says how many and up to when. */
export async function pruneEvents(db: TenantDatabase, command: PruneEventsCommand): Promise<{ deleted: number; before: Date }> {
  const before = eventsRetentionCutoff(command.now ?? new Date(), command.retentionDays);
  const batchSize = command.batchSize ?? 5_000;
  let deleted = 0;
  for (;;) {
    const batch = await deleteEventsBefore(db.pool, before, batchSize);
    deleted += batch;
    if (batch < batchSize) return { deleted, before };
  }
}
