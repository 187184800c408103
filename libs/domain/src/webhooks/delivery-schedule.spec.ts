import { DELIVERY_RETRY_WINDOW_MS, MAX_RETRY_DELAY_MS, endpointFailedTooLong, nextDeliveryAttempt, retryDelayMs } from './delivery-schedule';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('retryDelayMs', () => {
  it('doubles from one minute: 1, 2, 4, 8 … minutes, capped at 12 hours', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / MIN)).toEqual([1, 2, 4, 8, 16]);
    expect(retryDelayMs(10)).toBe(512 * MIN);
    expect(retryDelayMs(11)).toBe(MAX_RETRY_DELAY_MS); // 1024 min > 12 h
    expect(retryDelayMs(1_000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('follows the configured base (tests use a second)', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(n, { baseDelayMs: 1_000 }))).toEqual([1_000, 2_000, 4_000]);
  });

  it('refuses a count that is not a whole number ≥ 1', () => {
    expect(() => retryDelayMs(0)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5)).toThrow(RangeError);
  });
});

describe('nextDeliveryAttempt', () => {
  const first = new Date('2026-03-01T00:00:00Z');

  it('is now + the delay while inside three days of the first attempt', () => {
    const now = new Date('2026-03-01T00:00:05Z');
    expect(nextDeliveryAttempt(first, 1, now)).toEqual(new Date('2026-03-01T00:01:05Z'));
    expect(nextDeliveryAttempt(first, 3, now)).toEqual(new Date('2026-03-01T00:04:05Z'));
  });

  it('gives up (null) once the next try would fall past three days', () => {
    const lateFailure = new Date(first.getTime() + DELIVERY_RETRY_WINDOW_MS - HOUR);
    expect(nextDeliveryAttempt(first, 12, lateFailure)).toBeNull(); // 12 h wait, 1 h left
    expect(nextDeliveryAttempt(first, 1, lateFailure)).toEqual(new Date(lateFailure.getTime() + MIN));
  });

  it('makes about 16 attempts over the three days with the default schedule', () => {
    let now = first;
    let attempts = 1;
    for (let next = nextDeliveryAttempt(first, attempts, now); next; next = nextDeliveryAttempt(first, attempts, now)) {
      now = next;
      attempts += 1;
    }
    // 1+2+…+512 min ≈ 17 h, then 12 h steps until 72 h: 10 + 4 = 14 retries after the first attempt.
    expect(attempts).toBe(15);
    expect(now.getTime() - first.getTime()).toBeLessThanOrEqual(DELIVERY_RETRY_WINDOW_MS);
  });
});

describe('endpointFailedTooLong', () => {
  const since = new Date('2026-03-01T00:00:00Z');
  it('is true from three days of failures on, false before, and never when not failing', () => {
    expect(endpointFailedTooLong(since, new Date('2026-03-03T23:59:59Z'))).toBe(false);
    expect(endpointFailedTooLong(since, new Date('2026-03-04T00:00:00Z'))).toBe(true);
    expect(endpointFailedTooLong(null, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
