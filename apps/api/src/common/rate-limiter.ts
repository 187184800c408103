import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimitConfig, RedisConfig, RequestBudget } from '@nova/config';
import { redisOptionsFromUrl } from '@nova/queue';
import { closeRedis, whenReady } from './redis-client';

/**
 * GCRA (the generic cell rate algorithm: a token bucket kept as one timestamp per bucket) over
 * every bucket a request spends, in one atomic script: the request passes only if all of them
 * have room, and only then is it counted in all of them, so a request refused by its key's
 * budget does not use up its tenant's. The clock is Redis's own (TIME), the same for every API
 * replica whatever their clocks say.
 *
 * Each key holds its bucket's theoretical arrival time (TAT, ms): when the bucket would be empty
 * again. A request costs one emission interval (period / limit); it passes while TAT + interval
 * stays within one period of now, i.e. while fewer than `limit` requests are "in" the period.
 *
 * KEYS: the buckets. ARGV: [2i-1] bucket i's period (ms), [2i] its limit.
 * Returns, per bucket: passed (1/0), requests left, ms until it is full again, ms until the next
 * request would pass (0 when this one passed).
 */
const SPEND = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local results = {}
local tats = {}
local allPassed = true
for i = 1, #KEYS do
  local period = tonumber(ARGV[2 * i - 1])
  local interval = period / tonumber(ARGV[2 * i])
  local tat = math.max(tonumber(redis.call('GET', KEYS[i]) or 0), now)
  local nextTat = tat + interval
  local passesAt = nextTat - period
  if passesAt > now then
    allPassed = false
    results[i] = { 0, 0, math.ceil(tat - now), math.ceil(passesAt - now) }
  else
    results[i] = { 1, math.floor((now - passesAt) / interval), math.ceil(nextTat - now), 0 }
  end
  tats[i] = nextTat
end
if allPassed then
  for i = 1, #KEYS do
    redis.call('SET', KEYS[i], string.format('%.3f', tats[i]), 'PX', math.ceil(tats[i] - now))
  end
end
local flat = {}
for i = 1, #KEYS do
  for j = 1, 4 do flat[#flat + 1] = results[i][j] end
end
return flat
`;

type Scripted = Redis & { novaRateLimitSpend(keyCount: number, ...args: (string | number)[]): Promise<number[]> };

/** Reads (GET, HEAD) and writes have separate budgets. */
export type RequestKind = 'read' | 'write';

/** Whose budgets a request spends: its tenant's and, for an API key, the key's. Ids only (they name Redis keys). */
export interface RateLimitSubject {
  tenantId: string;
  apiKeyId?: string;
}

/** One budget a request spends from. */
export interface Bucket {
  /** Names the bucket in the RateLimit-Policy header: `tenant-write`, `key-read`… */
  name: string;
  limit: number;
}

export interface BucketState {
  bucket: Bucket;
  passed: boolean;
  remaining: number;
  /** Until the bucket is full again. */
  resetMs: number;
  /** Until the next request would pass (0 when this one passed). */
  retryMs: number;
}

/** A limiter that cannot answer quickly is skipped rather than waited for. */
const COMMAND_TIMEOUT_MS = 250;
/** During an outage, one warning per this period (with the number of requests let through), not one per request. */
const OUTAGE_WARNING_EVERY_MS = 60_000;

/**
 * Redis-backed request budgets shared by every API replica (one round trip per request). If
 * Redis is unavailable it fails open: requests pass without headers and a warning is logged at
 * most once a minute. (Sign-in fails closed instead, see AuthThrottle: there an outage would make
 * password guessing cheaper; here it would only stop tenants from billing.)
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private readonly redis: Scripted | undefined;
  private readonly prefix: string;
  private lastWarningAt = 0;
  private uncountedSinceWarning = 0;

  constructor(
    redis: RedisConfig,
    private readonly config: RateLimitConfig,
  ) {
    this.prefix = `${redis.queuePrefix}:ratelimit:`;
    if (!config.enabled) return;
    // No offline queue and no retries: while disconnected a command fails at once, so an outage
    // costs requests nothing (they pass uncounted) instead of a wait for a reconnect.
    const client = new Redis({ ...redisOptionsFromUrl(redis.url), maxRetriesPerRequest: 0, enableOfflineQueue: false, commandTimeout: COMMAND_TIMEOUT_MS });
    client.on('error', (error: Error) => this.warnOutage(error));
    client.defineCommand('novaRateLimitSpend', { lua: SPEND });
    this.redis = client as Scripted;
  }

  /** Seconds the budgets are counted over (the `w` of RateLimit-Policy). */
  get windowSeconds(): number {
    return this.config.windowSeconds;
  }

  /**
   * Spends one request of this kind from the tenant's budget and the API key's, or from neither
   * if either is used up. Returns each budget's state; null (the request passes uncounted) when
   * the limiter is off or Redis did not answer.
   */
  async spend(subject: RateLimitSubject, kind: RequestKind): Promise<BucketState[] | null> {
    if (!this.redis) return null;
    const budgets = this.bucketsOf(subject, kind);
    const periodMs = this.config.windowSeconds * 1000;
    let flat: number[];
    try {
      flat = await this.redis.novaRateLimitSpend(
        budgets.length,
        ...budgets.map((budget) => budget.redisKey),
        ...budgets.flatMap((budget) => [periodMs, budget.bucket.limit]),
      );
    } catch (error) {
      this.uncountedSinceWarning++;
      this.warnOutage(error as Error);
      return null;
    }
    return budgets.map(({ bucket }, i) => ({ bucket, passed: flat[4 * i] === 1, remaining: flat[4 * i + 1]!, resetMs: flat[4 * i + 2]!, retryMs: flat[4 * i + 3]! }));
  }

  private bucketsOf(subject: RateLimitSubject, kind: RequestKind): { bucket: Bucket; redisKey: string }[] {
    const pick = (budget: RequestBudget) => (kind === 'read' ? budget.reads : budget.writes);
    // The tenant id in braces is a Redis Cluster hash tag: a request's buckets share one slot, as one script requires.
    const tenantKey = `${this.prefix}{${subject.tenantId}}`;
    const buckets = [{ bucket: { name: `tenant-${kind}`, limit: pick(this.config.tenant) }, redisKey: `${tenantKey}:${kind}` }];
    if (subject.apiKeyId) buckets.push({ bucket: { name: `key-${kind}`, limit: pick(this.config.apiKey) }, redisKey: `${tenantKey}:key:${subject.apiKeyId}:${kind}` });
    return buckets;
  }

  /** Connected before the first request (an unready client would let the first requests through uncounted). */
  async onModuleInit(): Promise<void> {
    if (this.redis) await whenReady(this.redis);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }

  private warnOutage(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarningAt < OUTAGE_WARNING_EVERY_MS) return;
    this.logger.warn(
      { requestsUncounted: this.uncountedSinceWarning, reason: error.message },
      'Rate limiter unavailable: requests pass without rate limits until Redis answers again',
    );
    this.lastWarningAt = now;
    this.uncountedSinceWarning = 0;
  }
}
