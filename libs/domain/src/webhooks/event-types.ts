// The events the platform reports to the tenant's webhook endpoints (Stripe's names), defined once:
// what an endpoint may subscribe to, what a use case may record and what /api/events filters on.

export const EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'subscription.trial_will_end',
  'subscription.paused',
  'subscription.resumed',
  'invoice.created',
  'invoice.updated',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoice.overdue',
  'credit_note.created',
  'credit_note.updated',
  'credit_note.voided',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'refund.succeeded',
  'refund.failed',
  'account.balance_low',
  'cdr.batch_rated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An endpoint's `enabledEvents` of ['*'] receives every type, present and future. */
export const ALL_EVENTS = '*';

export const MAX_WEBHOOK_ENDPOINTS = 16;

/** subscription.trial_will_end is recorded this long before a trial ends (Stripe: three days). */
export const TRIAL_WILL_END_NOTICE_MS = 3 * 86_400_000;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Why `enabledEvents` is not an acceptable subscription, as a phrase after the field name, or null. */
export function enabledEventsProblem(enabledEvents: readonly string[]): string | null {
  if (enabledEvents.length === 0) return "must name at least one event type, or ['*']";
  if (enabledEvents.includes(ALL_EVENTS)) return enabledEvents.length === 1 ? null : "'*' stands alone";
  const unknown = enabledEvents.find((type) => !isEventType(type));
  return unknown === undefined ? null : `has an unknown event type: ${unknown}`;
}

/** Whether an endpoint subscribed to `enabledEvents` receives an event of `type`. */
export function endpointReceives(enabledEvents: readonly string[], type: string): boolean {
  return enabledEvents.includes(ALL_EVENTS) || enabledEvents.includes(type);
}

/** GET /api/events keeps an event this long (EVENTS_RETENTION_DAYS; Stripe: 30 days); older ones are pruned by the worker. */
export const DEFAULT_EVENTS_RETENTION_DAYS = 30;
/** More than the 3 days deliveries are retried for, so no event still being delivered is pruned. */
export const MIN_EVENTS_RETENTION_DAYS = 4;
export const MAX_EVENTS_RETENTION_DAYS = 3650;

/** The instant before which events are past retention at `now` (whole days of 24 h). */
export function eventsRetentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_EVENTS_RETENTION_DAYS || retentionDays > MAX_EVENTS_RETENTION_DAYS) {
    throw new RangeError(`events retention must be ${MIN_EVENTS_RETENTION_DAYS}–${MAX_EVENTS_RETENTION_DAYS} whole days, got ${retentionDays}`);
  }
  return new Date(now.getTime() - retentionDays * 86_400_000);
}
