import { ErrorCode } from '../errors';
import { invoiceStateWhileCollectionPaused } from '../invoicing/paused-collection';
import { type ChangeablePrice, changeRefusal, pauseResumesAtProblem, prorationDateProblem, prorationInstant, prorationItems } from './plan-change';
import type { SubscriptionState } from './state';

const utc = (iso: string) => new Date(iso);
const active: SubscriptionState = { status: 'active', cancelAtPeriodEnd: false, canceledAt: null, endedAt: null };
const basic: ChangeablePrice = { id: 'basic', currency: 'KES', unitAmount: 1000n, interval: 'month', intervalCount: 1, subscribable: true };
const pro: ChangeablePrice = { ...basic, id: 'pro', unitAmount: 3000n };
const april = { start: utc('2024-04-01T00:00:00Z'), end: utc('2024-05-01T00:00:00Z') };

describe('changeRefusal', () => {
  const now = { effective: 'now' as const, prorationBehavior: 'create_prorations' as const };

  it('allows an upgrade, a downgrade and a quantity change on an active, trialing or past-due subscription', () => {
    expect(changeRefusal(active, basic, 1, pro, { ...now, priceId: 'pro' })).toBeNull();
    expect(changeRefusal({ ...active, status: 'trialing' }, pro, 1, basic, { ...now, priceId: 'basic' })).toBeNull();
    expect(changeRefusal({ ...active, status: 'past_due' }, basic, 1, basic, { ...now, quantity: 4 })).toBeNull();
  });

  it('refuses, naming priceId (400), another currency, another billing cycle and an inactive price', () => {
    const cases: Array<[ChangeablePrice, RegExp]> = [
      [{ ...pro, currency: 'USD' }, /in USD but the subscription is billed in KES/],
      [{ ...pro, interval: 'year' }, /same billing cycle/],
      [{ ...pro, intervalCount: 3 }, /same billing cycle/],
      [{ ...pro, subscribable: false }, /no longer active/],
    ];
    for (const [target, message] of cases) {
      const refusal = changeRefusal(active, basic, 1, target, { ...now, priceId: target.id });
      expect(refusal).toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'priceId' }] } });
      expect(refusal!.message).toMatch(message);
    }
  });

  it('refuses a quantity outside the limits and a change that changes nothing, naming the field', () => {
    expect(changeRefusal(active, basic, 1, basic, { ...now, quantity: 0 })).toMatchObject({ details: { fields: [{ field: 'quantity' }] } });
    expect(changeRefusal(active, basic, 2, basic, { ...now, quantity: 2 })).toMatchObject({ details: { fields: [{ field: 'quantity' }] } });
    expect(changeRefusal(active, basic, 2, basic, { ...now, priceId: 'basic' })).toMatchObject({ details: { fields: [{ field: 'priceId' }] } });
  });

  it('refuses (409) a canceled or paused subscription, and scheduling past a cancellation at period end', () => {
    expect(changeRefusal({ ...active, status: 'canceled' }, basic, 1, pro, now)).toMatchObject({ code: ErrorCode.Conflict });
    expect(changeRefusal({ ...active, status: 'paused' }, basic, 1, pro, now)!.message).toMatch(/resume it/);
    const ending = { ...active, cancelAtPeriodEnd: true };
    expect(changeRefusal(ending, basic, 1, pro, { ...now, effective: 'period_end' })).toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'effective' }] } });
    expect(changeRefusal(ending, basic, 1, pro, now)).toMatchObject({ code: ErrorCode.Conflict, details: { fields: [{ field: 'prorationBehavior' }] } });
    expect(changeRefusal(ending, basic, 1, pro, { ...now, prorationBehavior: 'always_invoice' })).toBeNull();
  });
});

describe('prorationInstant and prorationDateProblem (Stripe prorates to the second)', () => {
  it('floors to a whole second, never before the period start', () => {
    expect(prorationInstant(utc('2024-04-16T10:20:30.999Z'), april.start)).toEqual(utc('2024-04-16T10:20:30Z'));
    const start = utc('2024-04-01T00:00:00.400Z');
    expect(prorationInstant(utc('2024-04-01T00:00:00.900Z'), start)).toEqual(start);
  });

  it('accepts a whole second inside the current period, not in the future', () => {
    const now = utc('2024-04-20T00:00:00Z');
    expect(prorationDateProblem(utc('2024-04-16T00:00:00Z'), april, now)).toBeNull();
    expect(prorationDateProblem(utc('2024-04-16T00:00:00.500Z'), april, now)).toMatch(/whole second/);
    const oddStart = { ...april, start: utc('2024-04-01T00:00:00.400Z') };
    expect(prorationDateProblem(oddStart.start, oddStart, now)).toBeNull();
    expect(prorationDateProblem(utc('2024-03-31T23:59:59Z'), april, now)).toMatch(/within the current period/);
    expect(prorationDateProblem(utc('2024-04-21T00:00:00Z'), april, now)).toMatch(/future/);
  });
});

describe('prorationItems (worked examples)', () => {
  const item = (priceId: string, unitAmount: bigint, quantity: number) => ({ priceId, unitAmount, quantity });

  it('upgrade half-way through April: -500 unused on Basic, +1500 remaining on Pro, both from the change to the period end', () => {
    const at = utc('2024-04-16T00:00:00.750Z'); // the milliseconds are dropped: to the second
    expect(prorationItems('active', 'create_prorations', april, at, item('basic', 1000n, 1), item('pro', 3000n, 1))).toEqual([
      { kind: 'unused_time', amount: -500n, priceId: 'basic', quantity: 1, periodStart: utc('2024-04-16T00:00:00Z'), periodEnd: april.end },
      { kind: 'remaining_time', amount: 1500n, priceId: 'pro', quantity: 1, periodStart: utc('2024-04-16T00:00:00Z'), periodEnd: april.end },
    ]);
  });

  it('downgrade after 10 of 30 days: the net is a credit of 1333', () => {
    const items = prorationItems('active', 'always_invoice', april, utc('2024-04-11T00:00:00Z'), item('pro', 3000n, 1), item('basic', 1000n, 1));
    expect(items.map((line) => line.amount)).toEqual([-2000n, 667n]);
    expect(items.reduce((sum, line) => sum + line.amount, 0n)).toBe(-1333n);
  });

  it('quantity change 2 → 5 across the leap-day month end (Jan 31 → Feb 29 2024, 14 of 29 days left)', () => {
    const period = { start: utc('2024-01-31T00:00:00Z'), end: utc('2024-02-29T00:00:00Z') };
    const items = prorationItems('active', 'create_prorations', period, utc('2024-02-15T00:00:00Z'), item('seat', 1000n, 2), item('seat', 1000n, 5));
    expect(items.map((line) => [line.kind, line.amount, line.quantity])).toEqual([
      ['unused_time', -966n, 2],
      ['remaining_time', 2414n, 5],
    ]);
  });

  it('to the second: one second before the end of a 30-day period at one minor unit per second', () => {
    const perSecond = item('meter', 2_592_000n, 1);
    const items = prorationItems('active', 'create_prorations', april, utc('2024-04-30T23:59:59Z'), perSecond, { ...perSecond, priceId: 'double', unitAmount: 5_184_000n });
    expect(items.map((line) => line.amount)).toEqual([-1n, 2n]);
  });

  it('prorates nothing during a trial, for behaviour none, or at the period end', () => {
    const args = [april, utc('2024-04-16T00:00:00Z'), item('basic', 1000n, 1), item('pro', 3000n, 1)] as const;
    expect(prorationItems('trialing', 'create_prorations', ...args)).toEqual([]);
    expect(prorationItems('active', 'none', ...args)).toEqual([]);
    expect(prorationItems('active', 'create_prorations', april, april.end, item('basic', 1000n, 1), item('pro', 3000n, 1))).toEqual([]);
  });
});

describe('invoiceStateWhileCollectionPaused', () => {
  const at = utc('2024-05-01T00:00:00Z');
  it('keeps a draft, writes off or voids, through the invoice machine', () => {
    expect(invoiceStateWhileCollectionPaused('keep_as_draft', 1000n, at)).toEqual({ status: 'draft', amountDue: 1000n, amountPaid: 0n, paidAt: null, voidedAt: null });
    expect(invoiceStateWhileCollectionPaused('mark_uncollectible', 1000n, at)).toEqual({ status: 'uncollectible', amountDue: 1000n, amountPaid: 0n, paidAt: null, voidedAt: null });
    expect(invoiceStateWhileCollectionPaused('void', 1000n, at)).toEqual({ status: 'void', amountDue: 0n, amountPaid: 0n, paidAt: null, voidedAt: at });
    expect(invoiceStateWhileCollectionPaused('mark_uncollectible', 0n, at)).toMatchObject({ status: 'paid', paidAt: at });
  });
});

describe('pauseResumesAtProblem', () => {
  it('wants a future date at most five years ahead', () => {
    const now = utc('2026-01-01T00:00:00Z');
    expect(pauseResumesAtProblem(utc('2026-02-01T00:00:00Z'), now)).toBeNull();
    expect(pauseResumesAtProblem(now, now)).toMatch(/future/);
    expect(pauseResumesAtProblem(utc('2031-01-01T00:00:01Z'), now)).toMatch(/5 years ahead/);
    expect(pauseResumesAtProblem(new Date(Number.NaN), now)).toMatch(/valid/);
  });
});
