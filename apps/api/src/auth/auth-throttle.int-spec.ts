// The throttle's Lua scripts against the real Redis: exact counts under concurrency, the lock
// doubling up to its cap, and a success forgetting everything.
import { DomainError, ErrorCode } from '@nova/domain';
import { testConfig } from '../../../../test/support/test-env';
import { AuthThrottle } from './auth-throttle';

describe('AuthThrottle', () => {
  // testConfig gives every call its own QUEUE_PREFIX, so these keys are this test's alone.
  const config = testConfig({ AUTH_THROTTLE_IP_MAX: '3', AUTH_THROTTLE_ACCOUNT_MAX: '1000', AUTH_LOCKOUT_THRESHOLD: '3', AUTH_LOCKOUT_BASE_SECONDS: '60', AUTH_LOCKOUT_MAX_SECONDS: '300' });
  const throttle = new AuthThrottle(config.redis, config.auth);

  beforeAll(() => throttle.onModuleInit());
  afterAll(() => throttle.onModuleDestroy());

  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, retryAfterSeconds: error.details?.retryAfterSeconds } : error),
    );

  it('admits exactly the IP budget of concurrent attempts', async () => {
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => refusal(throttle.admit('credentials', '192.0.2.1'))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome !== null)).toEqual(Array(7).fill({ code: ErrorCode.TooManyRequests, retryAfterSeconds: 60 }));
    // Budgets are separate: refresh calls from the same IP still pass.
    await throttle.admit('tokens', '192.0.2.1');
  });

  it('locks from the threshold on, doubling with each further failure up to the cap, and forgets on success', async () => {
    const email = `Someone-${Date.now()}@Example.test`;
    const outcomes = [];
    for (let i = 0; i < 7; i++) outcomes.push(await throttle.recordFailure(email));
    expect(outcomes.map((outcome) => outcome.lockedForSeconds)).toEqual([0, 0, 60, 120, 240, 300, 300]);
    expect(outcomes.map((outcome) => outcome.lockoutStarted)).toEqual([false, false, true, false, false, false, false]);
    // Locked whatever the case of the address, and whichever IP asks.
    expect(await refusal(throttle.admitLogin(email.toLowerCase(), '192.0.2.2'))).toEqual({ code: ErrorCode.TooManyRequests, retryAfterSeconds: 300 });
    await throttle.recordSuccess(email);
    await throttle.admitLogin(email, '192.0.2.3');
    expect((await throttle.recordFailure(email)).lockedForSeconds).toBe(0);
  });
});
