import { InvalidTransitionError } from '../errors';
import { SUBSCRIPTION_STATUSES, SubscriptionEvent, SubscriptionEventType, SubscriptionState, SubscriptionStatus, canTransitionSubscription, transitionSubscription } from './state';

const at = new Date('2026-03-01T10:00:00Z');
const earlier = new Date('2026-02-01T10:00:00Z');
const state = (status: SubscriptionStatus, extra: Partial<SubscriptionState> = {}): SubscriptionState => ({ status, cancelAtPeriodEnd: false, canceledAt: null, endedAt: null, ...extra });
const EVENTS: SubscriptionEvent[] = [
  { type: 'cancel_now', at },
  { type: 'cancel_at_period_end', at },
  { type: 'period_ended', at },
  { type: 'trial_ended' },
  { type: 'payment_overdue' },
  { type: 'payment_recovered' },
  { type: 'pause' },
  { type: 'resume' },
];

describe('subscription state machine', () => {
  it('cancels a live subscription now: canceled, ended now, nothing left pending at period end', () => {
    for (const status of ['trialing', 'active', 'past_due'] as const) {
      expect(transitionSubscription(state(status, { cancelAtPeriodEnd: true, canceledAt: earlier }), { type: 'cancel_now', at })).toEqual({
        status: 'canceled',
        cancelAtPeriodEnd: false,
        canceledAt: at,
        endedAt: at,
      });
    }
  });

  it('schedules a cancellation at period end without changing the status, once', () => {
    const scheduled = transitionSubscription(state('past_due'), { type: 'cancel_at_period_end', at });
    expect(scheduled).toEqual({ status: 'past_due', cancelAtPeriodEnd: true, canceledAt: at, endedAt: null });
    expect(() => transitionSubscription(scheduled, { type: 'cancel_at_period_end', at })).toThrow(/already set to cancel at period end/);
    // …and the period's end ends it.
    expect(transitionSubscription(scheduled, { type: 'period_ended', at })).toEqual({ status: 'canceled', cancelAtPeriodEnd: true, canceledAt: at, endedAt: at });
    expect(() => transitionSubscription(state('active'), { type: 'period_ended', at })).toThrow(InvalidTransitionError);
  });

  it('refuses to cancel a canceled subscription, either way', () => {
    const canceled = state('canceled', { canceledAt: earlier, endedAt: earlier });
    for (const event of [{ type: 'cancel_now', at }, { type: 'cancel_at_period_end', at }] as const) {
      let error: unknown;
      try {
        transitionSubscription(canceled, event);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ event: event.type, from: 'canceled', machine: 'subscription', message: 'the subscription is already canceled' });
    }
  });

  it('moves between active and past due by collection, and from trial to active', () => {
    expect(transitionSubscription(state('active'), { type: 'payment_overdue' }).status).toBe('past_due');
    expect(transitionSubscription(state('trialing'), { type: 'payment_overdue' }).status).toBe('past_due');
    expect(transitionSubscription(state('past_due', { cancelAtPeriodEnd: true, canceledAt: earlier }), { type: 'payment_recovered' })).toEqual({
      status: 'active',
      cancelAtPeriodEnd: true,
      canceledAt: earlier,
      endedAt: null,
    });
    expect(transitionSubscription(state('trialing'), { type: 'trial_ended' }).status).toBe('active');
    expect(() => transitionSubscription(state('active'), { type: 'payment_recovered' })).toThrow(/an active subscription cannot take the event payment_recovered/);
    expect(() => transitionSubscription(state('past_due'), { type: 'payment_overdue' })).toThrow(InvalidTransitionError);
    expect(() => transitionSubscription(state('active'), { type: 'trial_ended' })).toThrow(InvalidTransitionError);
  });

  it('lets nothing bring a canceled subscription back', () => {
    for (const event of EVENTS) expect(() => transitionSubscription(state('canceled'), event)).toThrow(InvalidTransitionError);
  });

  it('answers canTransition exactly when transition would not throw, for every status and event', () => {
    const allowed: string[] = [];
    for (const status of SUBSCRIPTION_STATUSES) {
      for (const cancelAtPeriodEnd of [false, true]) {
        for (const event of EVENTS) {
          const from = state(status, { cancelAtPeriodEnd });
          let threw = false;
          try {
            transitionSubscription(from, event);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidTransitionError);
            threw = true;
          }
          expect(canTransitionSubscription(from, event.type as SubscriptionEventType)).toBe(!threw);
          if (!threw) allowed.push(`${status}${cancelAtPeriodEnd ? '*' : ''} ${event.type}`);
        }
      }
    }
    // The whole table (* = set to cancel at period end), so a change to it is a deliberate one.
    expect(allowed).toEqual([
      'trialing cancel_now', 'trialing cancel_at_period_end', 'trialing trial_ended', 'trialing payment_overdue',
      'trialing* cancel_now', 'trialing* period_ended', 'trialing* trial_ended', 'trialing* payment_overdue',
      'active cancel_now', 'active cancel_at_period_end', 'active payment_overdue', 'active pause',
      'active* cancel_now', 'active* period_ended', 'active* payment_overdue', 'active* pause',
      'past_due cancel_now', 'past_due cancel_at_period_end', 'past_due payment_recovered',
      'past_due* cancel_now', 'past_due* period_ended', 'past_due* payment_recovered',
      'paused cancel_now', 'paused cancel_at_period_end', 'paused resume',
      'paused* cancel_now', 'paused* period_ended', 'paused* resume',
    ]);
  });

  it('pauses only an active subscription and resumes it to active; a paused one can be canceled', () => {
    const activeState: SubscriptionState = { status: 'active', cancelAtPeriodEnd: false, canceledAt: null, endedAt: null };
    const paused = transitionSubscription(activeState, { type: 'pause' });
    expect(paused.status).toBe('paused');
    expect(() => transitionSubscription(paused, { type: 'pause' })).toThrow(InvalidTransitionError);
    expect(transitionSubscription(paused, { type: 'resume' })).toEqual(activeState);
    for (const status of ['trialing', 'past_due', 'canceled'] as const) {
      expect(canTransitionSubscription({ ...activeState, status }, 'pause')).toBe(false);
    }
    expect(() => transitionSubscription(activeState, { type: 'resume' })).toThrow(/active subscription cannot take the event resume/);
    expect(canTransitionSubscription(paused, 'payment_overdue')).toBe(false);
    expect(transitionSubscription(paused, { type: 'cancel_now', at: new Date(0) }).status).toBe('canceled');
  });
});
