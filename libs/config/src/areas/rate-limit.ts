import { EnvReader } from '../env-reader';

/** How many requests of one kind a budget allows per window (reads: GET and HEAD; writes: everything else). */
export interface RequestBudget {
  readonly reads: number;
  readonly writes: number;
}

/**
 * Rate limits of the tenant API (counters in Redis, shared by every API replica). Each request
 * spends one unit of its tenant's budget and, for an API key, of that key's budget too; it is
 * refused (429) when either is used up. Budgets refill continuously (GCRA): `max` requests may
 * come in one burst, then one more every window / max.
 *
 * Defaults, against Stripe's 100 reads and 100 writes per second per live account: a
 * self-hosted installation has a fraction of Stripe's capacity and its tenants share one API
 * process pool and one PostgreSQL server (one replica serves ~1,000–2,500 simple reads/s on two
 * cores, bench/RESULTS.md), so no single tenant should be able to take all of it. 100 reads/s
 * keeps dashboards and polling integrations far from the limit; writes are heavier (transactions,
 * invoice numbering, idempotency rows) and rarer, hence 50/s, ample since bulk work has its own
 * endpoints (CDR batches of 10,000, CSV uploads, the billing cycle in the worker). One API key
 * gets half of its tenant's budget, so a runaway integration (a retry loop) cannot lock its
 * tenant's admins out of the dashboard or starve the tenant's other keys.
 */
export class RateLimitConfig {
  constructor(
    /** RATE_LIMIT_ENABLED: off, no request is counted (and no Redis connection is opened for it). */
    readonly enabled: boolean,
    /** RATE_LIMIT_WINDOW_SECONDS: the period the maxima below are counted over. */
    readonly windowSeconds: number,
    /** RATE_LIMIT_TENANT_READ_MAX, RATE_LIMIT_TENANT_WRITE_MAX: all of a tenant's API keys and admins together. */
    readonly tenant: RequestBudget,
    /** RATE_LIMIT_KEY_READ_MAX, RATE_LIMIT_KEY_WRITE_MAX: one API key alone (admins' JWTs count only towards the tenant). */
    readonly apiKey: RequestBudget,
  ) {}

  static fromEnv(env: EnvReader): RateLimitConfig {
    const max = (name: string, fallback: number) => env.int(name, fallback, { min: 1, max: 1_000_000 });
    return new RateLimitConfig(
      env.bool('RATE_LIMIT_ENABLED', true),
      env.int('RATE_LIMIT_WINDOW_SECONDS', 1, { min: 1, max: 3_600 }),
      { reads: max('RATE_LIMIT_TENANT_READ_MAX', 100), writes: max('RATE_LIMIT_TENANT_WRITE_MAX', 50) },
      { reads: max('RATE_LIMIT_KEY_READ_MAX', 50), writes: max('RATE_LIMIT_KEY_WRITE_MAX', 25) },
    );
  }
}
