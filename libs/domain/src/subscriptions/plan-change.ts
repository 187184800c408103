// A plan or quantity change of a subscription (Stripe's subscription update with proration), as pure rules: which
// changes are allowed, when they take effect, and what the proration lines are. The subscriptions context loads the
// rows, asks these functions, and writes what they decide.
import { DomainError } from '../errors';
import { type ChangeProration, type PricedQuantity, prorateChange } from '../billing/change-proration';
import type { Interval } from '../billing/period';
import type { TimeRange } from '../billing/proration';
import { quantityProblem } from '../catalog/limits';
import type { SubscriptionState } from './state';

/** Stripe's proration_behavior. */
export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;
export type ProrationBehavior = (typeof PRORATION_BEHAVIORS)[number];
export const DEFAULT_PRORATION_BEHAVIOR: ProrationBehavior = 'create_prorations';

/** now: the new price and quantity apply at once (prorated); period_end: scheduled, applied by the billing cycle. */
export const CHANGE_EFFECTIVE_MOMENTS = ['now', 'period_end'] as const;
export type ChangeEffective = (typeof CHANGE_EFFECTIVE_MOMENTS)[number];

/** Stripe's pause_collection.behavior: what the billing cycle does with the invoices of a paused subscription. */
export const PAUSE_BEHAVIORS = ['keep_as_draft', 'mark_uncollectible', 'void'] as const;
export type PauseBehavior = (typeof PAUSE_BEHAVIORS)[number];

/** What a change needs to know about a price (the current one or the one asked for). */
export interface ChangeablePrice {
  readonly id: string;
  readonly currency: string;
  readonly unitAmount: bigint;
  readonly interval: Interval;
  readonly intervalCount: number;
  /** The price and its plan are both active. */
  readonly subscribable: boolean;
}

export interface RequestedChange {
  readonly priceId?: string;
  readonly quantity?: number;
  readonly effective: ChangeEffective;
  readonly prorationBehavior: ProrationBehavior;
}

/**
 * Why the change cannot be made, or null. A bad value is a DomainError naming the field (400): a quantity outside
 * the limits, a price that is inactive, in another currency or on another billing interval (the periods are
 * anchored to the current price's cycle, so only a price of the same cycle can take over a period; Stripe would
 * reset the cycle, which we do not), or a change that changes nothing. A change the subscription's state forbids
 * is a conflict (409): canceled, paused (resume it first), or set to cancel at period end when scheduling for then
 * or when prorations would wait for a next invoice that never comes.
 */
export function changeRefusal(state: SubscriptionState, current: ChangeablePrice, currentQuantity: number, target: ChangeablePrice, change: RequestedChange): DomainError | null {
  if (change.quantity !== undefined) {
    const problem = quantityProblem(change.quantity);
    if (problem) return DomainError.validation('quantity', problem);
  }
  if (target.id !== current.id) {
    if (!target.subscribable) return DomainError.validation('priceId', 'the price or its plan is no longer active');
    if (target.currency !== current.currency) return DomainError.validation('priceId', `the price is in ${target.currency} but the subscription is billed in ${current.currency}`);
    if (target.interval !== current.interval || target.intervalCount !== current.intervalCount) {
      return DomainError.validation('priceId', `the price bills every ${target.intervalCount} ${target.interval}(s) but the subscription every ${current.intervalCount} ${current.interval}(s): only a price of the same billing cycle can replace it`);
    }
  }
  if (target.id === current.id && (change.quantity ?? currentQuantity) === currentQuantity) {
    return DomainError.validation(change.quantity === undefined ? 'priceId' : 'quantity', 'the change keeps the same price and quantity: give another price or quantity');
  }
  return changeStateRefusal(state, change);
}

/** Why the subscription's state forbids any change now (whatever it changes), or null; see changeRefusal. */
export function changeStateRefusal(state: SubscriptionState, change: Pick<RequestedChange, 'effective' | 'prorationBehavior'>): DomainError | null {
  if (state.status === 'canceled') return DomainError.conflict('a canceled subscription cannot change', 'status');
  if (state.status === 'paused') return DomainError.conflict('the subscription is paused: resume it before changing it', 'status');
  if (change.effective === 'period_end' && state.cancelAtPeriodEnd) {
    return DomainError.conflict('the subscription ends at period end: there is no next period to change', 'effective');
  }
  if (change.effective === 'now' && change.prorationBehavior === 'create_prorations' && state.cancelAtPeriodEnd && state.status !== 'trialing') {
    return DomainError.conflict('the subscription ends at period end: no next invoice would take the prorations; use always_invoice or none', 'prorationBehavior');
  }
  return null;
}

/**
 * Stripe prorates to the second (proration_date is a Unix time): a change's instant, floored to a whole second, but
 * never before the period's start (a change in the first second of a period prorates from its start).
 */
export function prorationInstant(at: Date, periodStart: Date): Date {
  const floored = Math.floor(at.getTime() / 1000) * 1000;
  return new Date(Math.max(floored, periodStart.getTime()));
}

/**
 * Why `prorationDate` (Stripe's proration_date: the instant a preview priced, passed back so that the change bills
 * exactly what was previewed) cannot price a change now, or null: it must be a whole second inside the current
 * period (or the period's start itself) and not in the future.
 */
export function prorationDateProblem(prorationDate: Date, period: TimeRange, now: Date): string | null {
  if (Number.isNaN(prorationDate.getTime())) return 'must be a valid date-time';
  if (prorationDate.getTime() % 1000 !== 0 && prorationDate.getTime() !== period.start.getTime()) return 'must be a whole second (as returned by the preview)';
  if (prorationDate < period.start || prorationDate >= period.end) return 'must lie within the current period';
  if (prorationDate > now) return 'must not be in the future';
  return null;
}

/** One proration line: the credit for the unused time on the old item or the charge for the remaining time on the new. */
export interface ProrationItem {
  readonly kind: 'unused_time' | 'remaining_time';
  /** Signed minor units: negative for the credit. */
  readonly amount: bigint;
  readonly priceId: string;
  readonly quantity: number;
  /** The prorated span: from the change to the period end. */
  readonly periodStart: Date;
  readonly periodEnd: Date;
}

/**
 * The proration of changing `from` to `to` at `at` inside `period` (prorateChange, to the second): none during a
 * trial (nothing was charged for it, and Stripe prorates nothing then), none for proration behaviour `none`, else
 * a credit for the unused time on the old item and a charge for the remaining time on the new one; a zero side is
 * left out (a change at the very end of a period prorates nothing).
 */
export function prorationItems(
  status: SubscriptionState['status'],
  behavior: ProrationBehavior,
  period: TimeRange,
  at: Date,
  from: PricedQuantity & { readonly priceId: string },
  to: PricedQuantity & { readonly priceId: string },
): ProrationItem[] {
  if (status === 'trialing' || behavior === 'none') return [];
  const instant = prorationInstant(at, period.start);
  const proration: ChangeProration = prorateChange(period, instant, from, to);
  const span = { periodStart: instant, periodEnd: period.end };
  const items: ProrationItem[] = [
    { kind: 'unused_time', amount: proration.credit, priceId: from.priceId, quantity: from.quantity, ...span },
    { kind: 'remaining_time', amount: proration.charge, priceId: to.priceId, quantity: to.quantity, ...span },
  ];
  return items.filter((item) => item.amount !== 0n);
}

/** One item of a subscription, priced: what it bills per period. */
export type ProratedItem = PricedQuantity & { readonly priceId: string };

const NOTHING: PricedQuantity = { unitAmount: 0n, quantity: 1, periodAmount: 0n };

/**
 * The proration of one subscription item's change at `at` (Stripe prorates each item of a subscription on its own):
 * `from` null is an item added (only the charge for the remaining time), `to` null an item removed (only the credit
 * for the unused time), both set a price or quantity change. Same rules as prorationItems: nothing during a trial or
 * for `none`, zero sides left out. An item that does not change is never passed here, so it is never prorated.
 */
export function itemProrationItems(
  status: SubscriptionState['status'],
  behavior: ProrationBehavior,
  period: TimeRange,
  at: Date,
  from: ProratedItem | null,
  to: ProratedItem | null,
): ProrationItem[] {
  if (status === 'trialing' || behavior === 'none' || (!from && !to)) return [];
  const instant = prorationInstant(at, period.start);
  const proration = prorateChange(period, instant, from ?? NOTHING, to ?? NOTHING);
  const span = { periodStart: instant, periodEnd: period.end };
  const items: ProrationItem[] = [];
  if (from) items.push({ kind: 'unused_time', amount: proration.credit, priceId: from.priceId, quantity: from.quantity, ...span });
  if (to) items.push({ kind: 'remaining_time', amount: proration.charge, priceId: to.priceId, quantity: to.quantity, ...span });
  return items.filter((item) => item.amount !== 0n);
}

/** The furthest a pause's resume date may lie: far enough for a season's break, near enough to catch a typo'd year. */
export const MAX_PAUSE_RESUME_YEARS = 5;

/** Why `resumesAt` is not an acceptable resume date for a pause starting at `now`, as a phrase after the field name, or null. */
export function pauseResumesAtProblem(resumesAt: Date, now: Date): string | null {
  if (!(resumesAt instanceof Date) || Number.isNaN(resumesAt.getTime())) return 'must be a valid date-time';
  if (resumesAt <= now) return 'must be in the future';
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_PAUSE_RESUME_YEARS);
  if (resumesAt > latest) return `must not be more than ${MAX_PAUSE_RESUME_YEARS} years ahead (not after ${latest.toISOString()})`;
  return null;
}
