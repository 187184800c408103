import { DEFAULT_EVENTS_RETENTION_DAYS, MAX_EVENTS_RETENTION_DAYS, MIN_EVENTS_RETENTION_DAYS } from '@nova/domain';
import { EnvReader } from '../env-reader';

/** Outbound webhooks to the tenant's endpoints (libs/events). */
export class WebhooksConfig {
  constructor(
    /** WEBHOOK_ALLOW_PRIVATE_URLS: deliver to private, loopback and link-local hosts too (tests, a local receiver); never in production. */
    readonly allowPrivateUrls: boolean,
    /** How often the worker relays the outbox and delivers what is due. */
    readonly relayEveryMs: number,
    /** The wait after a delivery's first failure; each further failure doubles it (up to 12 h, for 3 days). */
    readonly retryBaseMs: number,
    /** An endpoint that does not answer within this is a failed attempt. */
    readonly timeoutMs: number,
    /** After a secret rotation, how long the previous secret keeps signing alongside the new one. */
    readonly secretOverlapHours: number,
    /** EVENTS_RETENTION_DAYS: how long GET /api/events keeps an event (and its delivery log); older ones are pruned. */
    readonly eventsRetentionDays: number = DEFAULT_EVENTS_RETENTION_DAYS,
    /** EVENTS_PRUNE_CRON: when (UTC) the worker prunes them. */
    readonly eventsPrunePattern: string = '47 3 * * *',
  ) {}

  static fromEnv(env: EnvReader): WebhooksConfig {
    return new WebhooksConfig(
      env.bool('WEBHOOK_ALLOW_PRIVATE_URLS', false),
      env.int('WEBHOOK_RELAY_EVERY_SECONDS', 5, { min: 1, max: 3_600 }) * 1000,
      env.int('WEBHOOK_RETRY_BASE_SECONDS', 60, { min: 1, max: 3_600 }) * 1000,
      env.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 60_000 }),
      env.int('WEBHOOK_SECRET_OVERLAP_HOURS', 24, { min: 0, max: 7 * 24 }),
      env.int('EVENTS_RETENTION_DAYS', DEFAULT_EVENTS_RETENTION_DAYS, { min: MIN_EVENTS_RETENTION_DAYS, max: MAX_EVENTS_RETENTION_DAYS }),
      env.string('EVENTS_PRUNE_CRON', '47 3 * * *'),
    );
  }
}
