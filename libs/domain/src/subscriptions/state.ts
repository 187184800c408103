// The subscription's life, as one table: which event may happen in which status, and what it
// changes. Every writer of a subscription's status (the API, dunning, payment settlement) asks
// `transitionSubscription` first, so no caller can set a status the machine forbids (Lago keeps the same
// machine on its model). Pure: no database, no clock; the caller passes the time of the event.

import { InvalidTransitionError } from '../errors';

/** As the `SubscriptionStatus` enum of the tenant schema. */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** The columns the machine owns. */
export interface SubscriptionState {
  readonly status: SubscriptionStatus;
  readonly cancelAtPeriodEnd: boolean;
  readonly canceledAt: Date | null;
  readonly endedAt: Date | null;
}

export type SubscriptionEvent =
  /** Ends it now: canceled, ended now, no cancellation left pending. */
  | { readonly type: 'cancel_now'; readonly at: Date }
  /** Asks for it to end when the current period does; the billing cycle ends it then. */
  | { readonly type: 'cancel_at_period_end'; readonly at: Date }
  /** The period of a subscription set to cancel at period end has ended. */
  | { readonly type: 'period_ended'; readonly at: Date }
  /** The trial is over and the first paid period begins. */
  | { readonly type: 'trial_ended' }
  /** Collection gave up on an invoice (dunning exhausted, policy "past due"). */
  | { readonly type: 'payment_overdue' }
  /** An invoice was paid: a past-due subscription is back in good standing. */
  | { readonly type: 'payment_recovered' }
  /** Collection is paused (Stripe's pause_collection): periods still roll, their invoices are not collected. */
  | { readonly type: 'pause' }
  /** Collection resumes (by hand, or by the billing cycle at the pause's resume date). */
  | { readonly type: 'resume' };

export type SubscriptionEventType = SubscriptionEvent['type'];

/** Not ended: still renewing (a paused one too: its periods roll, only collection is paused). */
export const LIVE_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['trialing', 'active', 'past_due', 'paused'];
const LIVE = LIVE_SUBSCRIPTION_STATUSES;

/** The statuses each event may start from (a status not listed refuses the event). */
const ALLOWED_FROM: Readonly<Record<SubscriptionEventType, readonly SubscriptionStatus[]>> = {
  cancel_now: LIVE,
  cancel_at_period_end: LIVE,
  period_ended: LIVE,
  trial_ended: ['trialing'],
  payment_overdue: ['trialing', 'active'],
  payment_recovered: ['past_due'],
  // Only an active one: a trial bills nothing to pause, and a past-due one must be settled (or canceled) first, so
  // that resuming always means "active" again.
  pause: ['active'],
  resume: ['paused'],
};

/** Whether `event` may happen now; `transitionSubscription` would throw exactly when this is false. */
export function canTransitionSubscription(from: SubscriptionState, event: SubscriptionEventType): boolean {
  return refusal(from, event) === null;
}

/** The state after `event`, or an InvalidTransitionError when the machine forbids it. */
export function transitionSubscription(from: SubscriptionState, event: SubscriptionEvent): SubscriptionState {
  const refused = refusal(from, event.type);
  if (refused) throw new InvalidTransitionError('subscription', from.status, event.type, refused);
  switch (event.type) {
    case 'cancel_now':
      return { status: 'canceled', cancelAtPeriodEnd: false, canceledAt: event.at, endedAt: event.at };
    case 'cancel_at_period_end':
      return { ...from, cancelAtPeriodEnd: true, canceledAt: event.at };
    case 'period_ended':
      return { ...from, status: 'canceled', endedAt: event.at };
    case 'trial_ended':
    case 'payment_recovered':
      return { ...from, status: 'active' };
    case 'payment_overdue':
      return { ...from, status: 'past_due' };
    case 'pause':
      return { ...from, status: 'paused' };
    case 'resume':
      return { ...from, status: 'active' };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown subscription event ${JSON.stringify(unknown)}`);
    }
  }
}

function refusal(from: SubscriptionState, event: SubscriptionEventType): string | null {
  if (from.status === 'canceled' && (event === 'cancel_now' || event === 'cancel_at_period_end')) return 'the subscription is already canceled';
  if (!ALLOWED_FROM[event].includes(from.status)) return `${from.status === 'active' ? 'an' : 'a'} ${from.status.replace('_', ' ')} subscription cannot take the event ${event}`;
  if (event === 'cancel_at_period_end' && from.cancelAtPeriodEnd) return 'the subscription is already set to cancel at period end';
  if (event === 'period_ended' && !from.cancelAtPeriodEnd) return 'the subscription is not set to cancel at period end';
  return null;
}
