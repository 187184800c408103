import { inTransaction } from '@nova/common';
import { endpointReceives } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { claimUnrelayedEvents, markEventsRelayed } from '../events.repository';
import { selectEnabledEndpoints } from '../webhook-endpoints.repository';
import { insertDeliveries } from '../webhook-deliveries.repository';

export interface RelayEventsResult {
  readonly events: number;
  readonly deliveries: number;
}

/**
 * Fans the outbox out: every event not relayed yet gets one delivery per enabled endpoint
 * subscribed to its type (then), and is marked relayed in the same transaction. Events are claimed
 * with SKIP LOCKED and each (event, endpoint) pair is unique, so concurrent relays of one tenant
 * schedule each delivery exactly once.
 */
export async function relayEvents(db: TenantDatabase, options: { batchSize?: number } = {}): Promise<RelayEventsResult> {
  const batchSize = options.batchSize ?? 500;
  let events = 0;
  let deliveries = 0;
  for (;;) {
    const batch = await inTransaction(db.pool, async (client) => {
      const claimed = await claimUnrelayedEvents(client, batchSize);
      if (claimed.length === 0) return { events: 0, deliveries: 0 };
      const endpoints = await selectEnabledEndpoints(client);
      const pairs = claimed.flatMap((event) => endpoints.filter((endpoint) => endpointReceives(endpoint.enabledEvents, event.type)).map((endpoint) => ({ eventId: event.id, endpointId: endpoint.id })));
      const inserted = await insertDeliveries(client, pairs);
      await markEventsRelayed(client, claimed.map((event) => event.id));
      return { events: claimed.length, deliveries: inserted };
    });
    events += batch.events;
    deliveries += batch.deliveries;
    if (batch.events < batchSize) return { events, deliveries };
  }
}
