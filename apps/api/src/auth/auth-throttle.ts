import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { AuthConfig, RedisConfig } from '@nova/config';
import { redisOptionsFromUrl } from '@nova/queue';
import { closeRedis, whenReady } from '../common/redis-client';

// Why not @nestjs/throttler + a Redis storage package: the throttler counts requests per route
// and tracker, but the lockout needs state that changes with the *outcome* of an attempt
// (consecutive failures, doubling lock, reset on success) keyed by the e-mail in the body. Two
// small Lua scripts on one ioredis connection do both atomically, shared by every API replica,
// with no new dependency and no second Redis client library.

/**
 * KEYS: fixed-window counters, then (if ARGV[2] == '1') the account's lock key.
 * ARGV: [1] window ms, [2] has lock, [3..] the limit of each counter.
 * Returns { ms until the tightest exceeded window resets (0: none), ms the lock still runs (0: none) }.
 */
const ADMIT = `
local counters = #KEYS
if ARGV[2] == '1' then counters = counters - 1 end
local wait = 0
for i = 1, counters do
  local count = redis.call('INCR', KEYS[i])
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  if count > tonumber(ARGV[i + 2]) and ttl > wait then wait = ttl end
end
local locked = 0
if ARGV[2] == '1' then
  locked = redis.call('PTTL', KEYS[#KEYS])
  if locked < 0 then locked = 0 end
end
return { wait, locked }
`;

/**
 * KEYS: [1] consecutive failures of the account, [2] its lock.
 * ARGV: [1] threshold, [2] first lock ms, [3] longest lock ms, [4] how long failures are remembered (ms).
 * From the threshold on, every failure (re)starts the lock, twice as long as the previous one.
 * Returns { failures so far, ms the account is now locked for (0: not locked) }.
 */
const FAIL = `
local failures = redis.call('INCR', KEYS[1])
local threshold = tonumber(ARGV[1])
local lockMs = 0
if failures >= threshold then
  local doublings = failures - threshold
  if doublings > 40 then doublings = 40 end
  lockMs = math.min(tonumber(ARGV[2]) * (2 ^ doublings), tonumber(ARGV[3]))
  redis.call('SET', KEYS[2], '1', 'PX', lockMs)
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), lockMs))
return { failures, lockMs }
`;

type Scripted = Redis & {
  novaAuthAdmit(...args: (string | number)[]): Promise<[number, number]>;
  novaAuthFail(...args: (string | number)[]): Promise<[number, number]>;
};

/** Which per-IP budget a call spends: credentials (login, register) or tokens (refresh, logout). */
export type IpBudget = 'credentials' | 'tokens';

export interface FailureOutcome {
  /** The lock this failure started or extended (0: the account is not locked). */
  lockedForSeconds: number;
  /** This failure reached the threshold: the first lockout of a run of failures. */
  lockoutStarted: boolean;
}

const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Throttles the auth endpoints per client IP and per account (normalised e-mail, hashed so no
 * address is stored in Redis), and locks an account after consecutive wrong passwords. Unknown
 * e-mails are counted and locked exactly like real ones, so no answer tells whether an account
 * exists. Redis down means 503 (fail closed): guessing must not get cheaper during an outage.
 */
@Injectable()
export class AuthThrottle implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthThrottle.name);
  private readonly redis: Scripted;
  private readonly prefix: string;

  constructor(
    redis: RedisConfig,
    private readonly auth: AuthConfig,
  ) {
    this.prefix = `${redis.queuePrefix}:auth:`;
    // A login waits at most a couple of seconds for Redis, then answers 503 (BullMQ's option of
    // retrying forever suits workers, not a request). Refused connections fail at the first retry.
    const client = new Redis({ ...redisOptionsFromUrl(redis.url), maxRetriesPerRequest: 1, commandTimeout: 2_000 });
    client.on('error', (error: Error) => this.logger.warn(`Auth throttle Redis: ${error.message}`));
    client.defineCommand('novaAuthAdmit', { lua: ADMIT });
    client.defineCommand('novaAuthFail', { lua: FAIL });
    this.redis = client as Scripted;
  }

  /** Spends one attempt of the IP's budget; throws 429 with Retry-After when it is used up. */
  async admit(budget: IpBudget, ip: string | undefined): Promise<void> {
    const limit = budget === 'credentials' ? this.auth.throttle.ipMax : this.auth.throttle.refreshIpMax;
    const [wait] = await this.run(() => this.redis.novaAuthAdmit(1, this.ipKey(budget, ip), this.windowMs, '0', limit));
    if (wait > 0) throw tooMany(wait);
  }

  /** Before a password is checked: spends the IP's and the account's budget and refuses a locked account (even with the right password). */
  async admitLogin(email: string, ip: string | undefined): Promise<void> {
    const { ipMax, accountMax } = this.auth.throttle;
    const account = this.accountId(email);
    const [wait, locked] = await this.run(() =>
      this.redis.novaAuthAdmit(3, this.ipKey('credentials', ip), `${this.prefix}acct:${account}`, `${this.prefix}lock:${account}`, this.windowMs, '1', ipMax, accountMax),
    );
    if (wait > 0 || locked > 0) throw tooMany(Math.max(wait, locked));
  }

  /** A wrong password (or an unknown e-mail) for this address. */
  async recordFailure(email: string): Promise<FailureOutcome> {
    const { lockoutThreshold, lockoutBaseSeconds, lockoutMaxSeconds, lockoutMemorySeconds } = this.auth.throttle;
    const account = this.accountId(email);
    const [failures, lockMs] = await this.run(() =>
      this.redis.novaAuthFail(2, `${this.prefix}fail:${account}`, `${this.prefix}lock:${account}`, lockoutThreshold, lockoutBaseSeconds * 1000, lockoutMaxSeconds * 1000, lockoutMemorySeconds * 1000),
    );
    return { lockedForSeconds: Math.round(lockMs / 1000), lockoutStarted: failures === lockoutThreshold };
  }

  /** The right password: failures and lockout level are forgotten. */
  async recordSuccess(email: string): Promise<void> {
    const account = this.accountId(email);
    await this.redis.del(`${this.prefix}fail:${account}`, `${this.prefix}lock:${account}`).catch((error: Error) => {
      // The caller proved the password; an outage now only means older failures linger until they expire.
      this.logger.warn(`Could not reset login failures: ${error.message}`);
    });
  }

  /** Connected before the first request, so a slow start-up is not mistaken for an outage (and Redis down does not stop the boot). */
  onModuleInit(): Promise<void> {
    return whenReady(this.redis);
  }

  onModuleDestroy(): Promise<void> {
    return closeRedis(this.redis);
  }

  private get windowMs(): number {
    return this.auth.throttle.windowSeconds * 1000;
  }

  private ipKey(budget: IpBudget, ip: string | undefined): string {
    return `${this.prefix}ip:${budget}:${ip ?? 'unknown'}`;
  }

  private accountId(email: string): string {
    return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      this.logger.warn(`Auth throttle unavailable: ${(error as Error).message}`);
      // ErrorCode.Unavailable: the error filter adds Retry-After (UNAVAILABLE_RETRY_AFTER_SECONDS).
      throw new DomainError(ErrorCode.Unavailable, 'Sign-in is briefly unavailable; try again in a moment');
    }
  }
}

function tooMany(ms: number): DomainError {
  const seconds = retryAfterSeconds(ms);
  return new DomainError(ErrorCode.TooManyRequests, `Too many attempts; try again in ${seconds} s`, { retryAfterSeconds: seconds });
}
