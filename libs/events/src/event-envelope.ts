import { randomBytes } from 'node:crypto';
import type { EventType } from '@nova/domain';

/** An event as receivers and `GET /api/events` get it (Stripe's event object). */
export interface EventEnvelope {
  readonly id: string;
  readonly object: 'event';
  readonly type: EventType;
  /** Unix seconds. */
  readonly created: number;
  readonly livemode: boolean;
  readonly data: { readonly object: Record<string, unknown> };
}

export const EVENT_ID_PATTERN = /^evt_[0-9a-f]{24}$/;

export function newEventId(): string {
  return newEventIds(1)[0]!;
}

/** `count` event ids from one random draw (the billing cycle records thousands; a draw each cost more than writing them). */
export function newEventIds(count: number): string[] {
  const hex = randomBytes(12 * count).toString('hex');
  return Array.from({ length: count }, (_, index) => `evt_${hex.slice(index * 24, index * 24 + 24)}`);
}

/**
 * The JSON text of a resource as the API shows it: bigint minor units as numbers (they are within
 * Number's safe range for any real amount, as the API's DTOs assume), dates as ISO strings.
 */
export function toJsonText(resource: object): string {
  return JSON.stringify(resource, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
}

/** The same as an object. */
export function toJsonObject(resource: object): Record<string, unknown> {
  return JSON.parse(toJsonText(resource)) as Record<string, unknown>;
}

/**
 * The text stored and delivered for an event: JSON.stringify of its envelope, key for key, built around the
 * resource's text so that the resource is serialized once.
 */
export function eventBodyText(envelope: Omit<EventEnvelope, 'data'>, objectText: string): string {
  return `{"id":${JSON.stringify(envelope.id)},"object":"event","type":${JSON.stringify(envelope.type)},"created":${envelope.created},"livemode":${envelope.livemode},"data":{"object":${objectText}}}`;
}
