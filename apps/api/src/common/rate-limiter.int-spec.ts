// The GCRA script against the real Redis: exact under concurrency, a refusal by one budget spends
// none of the others, and budgets refill evenly over the window; with Redis unreachable it lets
// requests through at once, warning once.
import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { testConfig } from '../../../../test/support/test-env';
import { RateLimiter } from './rate-limiter';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function limiter(env: Record<string, string>): RateLimiter {
  // testConfig gives every call its own QUEUE_PREFIX, so these counters are this limiter's alone.
  const config = testConfig({ RATE_LIMIT_ENABLED: 'true', ...env });
  return new RateLimiter(config.redis, config.rateLimit);
}

describe('RateLimiter', () => {
  const perMinute = limiter({ RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_TENANT_WRITE_MAX: '5', RATE_LIMIT_KEY_WRITE_MAX: '3', RATE_LIMIT_TENANT_READ_MAX: '4' });
  const perSecond = limiter({ RATE_LIMIT_WINDOW_SECONDS: '1', RATE_LIMIT_TENANT_READ_MAX: '2' });

  beforeAll(() => Promise.all([perMinute.onModuleInit(), perSecond.onModuleInit()]));
  afterAll(() => Promise.all([perMinute.onModuleDestroy(), perSecond.onModuleDestroy()]));

  it('passes exactly the budget of concurrent requests, counting down what is left', async () => {
    const tenantId = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => perMinute.spend({ tenantId }, 'read')));
    const passed = outcomes.filter((states) => states![0]!.passed);
    expect(passed.map((states) => states![0]!.remaining).sort()).toEqual([0, 1, 2, 3]);
    const refused = outcomes.filter((states) => !states![0]!.passed);
    expect(refused).toHaveLength(6);
    // 4 per minute: the next one passes 15 s after the first, the whole budget is back a minute after it.
    expect(refused[0]![0]).toMatchObject({ remaining: 0, bucket: { name: 'tenant-read', limit: 4 } });
    expect(refused[0]![0]!.retryMs).toBeGreaterThan(14_000);
    expect(refused[0]![0]!.retryMs).toBeLessThanOrEqual(15_000);
    expect(refused[0]![0]!.resetMs).toBeGreaterThan(59_000);
  });

  it("spends the key's and the tenant's budget together, and neither when one is used up", async () => {
    const tenantId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    const passes = async (apiKeyId: string) => (await perMinute.spend({ tenantId, apiKeyId }, 'write'))!.every((state) => state.passed);
    expect([await passes(first), await passes(first), await passes(first), await passes(first)]).toEqual([true, true, true, false]);
    // The refused fourth request did not count towards the tenant: two of its five are left.
    expect([await passes(second), await passes(second), await passes(second)]).toEqual([true, true, false]);
    const states = (await perMinute.spend({ tenantId, apiKeyId: randomUUID() }, 'write'))!;
    expect(states.map((state) => [state.bucket.name, state.passed, state.remaining])).toEqual([
      ['tenant-write', false, 0],
      ['key-write', true, 2],
    ]);
    // Reads have a budget of their own.
    expect((await perMinute.spend({ tenantId, apiKeyId: first }, 'read'))!.every((state) => state.passed)).toBe(true);
  });

  it('refills evenly over the window', async () => {
    const tenantId = randomUUID();
    const passes = async () => (await perSecond.spend({ tenantId }, 'read'))![0]!.passed;
    expect([await passes(), await passes(), await passes()]).toEqual([true, true, false]);
    await sleep(550); // 2 per second: one comes back every 500 ms
    expect([await passes(), await passes()]).toEqual([true, false]);
  });

  it('counts nothing when turned off', async () => {
    const off = new RateLimiter(testConfig().redis, testConfig().rateLimit);
    await off.onModuleInit();
    expect(await off.spend({ tenantId: randomUUID() }, 'write')).toBeNull();
    await off.onModuleDestroy();
  });

  it('fails open at once while Redis is unreachable, with one warning rather than one per request', async () => {
    const warnings: unknown[] = [];
    const collect: LoggerService = { log: () => undefined, error: () => undefined, warn: (message: unknown) => warnings.push(message) };
    Logger.overrideLogger(collect);
    const unreachable = limiter({ REDIS_URL: 'redis://127.0.0.1:1' }); // nothing listens on port 1
    try {
      const started = performance.now();
      const outcomes = await Promise.all(Array.from({ length: 20 }, () => unreachable.spend({ tenantId: randomUUID() }, 'write')));
      expect(outcomes).toEqual(Array(20).fill(null));
      expect(performance.now() - started).toBeLessThan(100); // no waiting for a reconnect
      expect(warnings).toHaveLength(1);
    } finally {
      await unreachable.onModuleDestroy();
      Logger.overrideLogger(new ConsoleLogger());
    }
  });
});
