import { DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, DEFAULT_REMINDER_DAYS, reminderDaysProblem, reminderDue, resolveDunningPolicy, retryDelaysProblem } from './dunning-policy';
import { isPayableInvoice, isPayableInvoiceStatus } from '../invoicing/payable';

describe('resolveDunningPolicy', () => {
  it('falls back to the installation schedule and past_due when nothing (or nothing usable) is stored', () => {
    expect(resolveDunningPolicy(null, [60])).toEqual({ retryDelaysSeconds: [60], finalAction: 'past_due', reminderDays: DEFAULT_REMINDER_DAYS });
    expect(resolveDunningPolicy({ retryDelaysSeconds: [], finalAction: 'explode' }, [60])).toEqual({ retryDelaysSeconds: [60], finalAction: 'past_due', reminderDays: DEFAULT_REMINDER_DAYS });
    expect(resolveDunningPolicy(undefined)).toEqual({ retryDelaysSeconds: DEFAULT_DUNNING_RETRY_DELAYS_SECONDS, finalAction: 'past_due', reminderDays: DEFAULT_REMINDER_DAYS });
  });

  it("keeps the tenant's own schedule and final action", () => {
    expect(resolveDunningPolicy({ retryDelaysSeconds: [1, 2], finalAction: 'cancel' }, [60])).toEqual({ retryDelaysSeconds: [1, 2], finalAction: 'cancel', reminderDays: DEFAULT_REMINDER_DAYS });
  });
});

describe('retryDelaysProblem', () => {
  it.each([[[1]], [[86_400, 5_184_000]], [Array(10).fill(1)]])('accepts %p', (delays) => expect(retryDelaysProblem(delays)).toBeNull());
  it.each([[[]], [Array(11).fill(1)], [[0]], [[1.5]], [[5_184_001]], ['1,2'], [['1']]])('refuses %p', (delays) => expect(retryDelaysProblem(delays)).not.toBeNull());
});

describe('payable invoices', () => {
  it.each([
    ['open', 100n, true],
    ['uncollectible', 100n, true],
    ['open', 0n, false],
    ['draft', 100n, false],
    ['paid', 100n, false],
    ['void', 100n, false],
  ])('%s with %p due → %p', (status, amountDue, payable) => {
    expect(isPayableInvoice({ status, amountDue })).toBe(payable);
    expect(isPayableInvoiceStatus(status)).toBe(status === 'open' || status === 'uncollectible');
  });
});

describe('payment reminders', () => {
  const dueAt = new Date('2026-03-31T09:00:00Z');
  const at = (iso: string) => new Date(iso);
  const schedule = [-3, 0, 3, 7];

  it('sends the latest reminder whose day has come, once', () => {
    expect(reminderDue(dueAt, schedule, [], at('2026-03-28T08:59:59Z'))).toBeNull(); // not yet 3 days before
    expect(reminderDue(dueAt, schedule, [], at('2026-03-28T09:00:00Z'))).toBe(-3);
    expect(reminderDue(dueAt, schedule, [-3], at('2026-03-30T12:00:00Z'))).toBeNull(); // sent; the due-day one is not due yet
    expect(reminderDue(dueAt, schedule, [-3], at('2026-03-31T09:00:00Z'))).toBe(0);
    expect(reminderDue(dueAt, schedule, [-3, 0], at('2026-04-03T09:00:00Z'))).toBe(3); // across the month end
  });

  it('skips reminders missed meanwhile: an invoice found 20 days late gets one, not four', () => {
    expect(reminderDue(dueAt, schedule, [], at('2026-04-20T00:00:00Z'))).toBe(7);
    expect(reminderDue(dueAt, schedule, [7], at('2026-05-20T00:00:00Z'))).toBeNull(); // the schedule is over
  });

  it('an empty schedule never reminds; the stored one overrides the default', () => {
    expect(reminderDue(dueAt, [], [], at('2026-06-01T00:00:00Z'))).toBeNull();
    expect(resolveDunningPolicy({ reminderDays: [] }).reminderDays).toEqual([]);
    expect(resolveDunningPolicy({ reminderDays: [1, 5] }).reminderDays).toEqual([1, 5]);
  });

  it('checks a schedule', () => {
    expect(reminderDaysProblem([])).toBeNull();
    expect(reminderDaysProblem([-3, 0, 14])).toBeNull();
    expect(reminderDaysProblem([0, 0])).toMatch(/ascending/);
    expect(reminderDaysProblem([7, 3])).toMatch(/ascending/);
    expect(reminderDaysProblem([-31])).toMatch(/whole days/);
    expect(reminderDaysProblem([1.5])).toMatch(/whole days/);
    expect(reminderDaysProblem(Array.from({ length: 11 }, (_, i) => i))).toMatch(/at most 10/);
    expect(reminderDaysProblem('3')).toMatch(/at most/);
  });
});
