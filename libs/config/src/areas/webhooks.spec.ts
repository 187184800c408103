import { ConfigError } from '../env-reader';
import { loadConfig } from '../app-config';

const VALID = { CENTRAL_DATABASE_URL: 'postgresql://postgres@db.internal:5432/novabilling', JWT_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: 'ab'.repeat(32) };

describe('WebhooksConfig', () => {
  it('defaults to the production policy: public URLs only, a 10 s timeout, retries from 1 minute, a 24 h secret overlap', () => {
    expect(loadConfig(VALID).webhooks).toEqual({ allowPrivateUrls: false, relayEveryMs: 5_000, retryBaseMs: 60_000, timeoutMs: 10_000, secretOverlapHours: 24, eventsRetentionDays: 30, eventsPrunePattern: '47 3 * * *' });
  });

  it('reads every variable, and refuses values out of range', () => {
    const config = loadConfig({ ...VALID, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_RELAY_EVERY_SECONDS: '2', WEBHOOK_RETRY_BASE_SECONDS: '1', WEBHOOK_TIMEOUT_MS: '500', WEBHOOK_SECRET_OVERLAP_HOURS: '0', EVENTS_RETENTION_DAYS: '90', EVENTS_PRUNE_CRON: '5 1 * * *' });
    expect(config.webhooks).toEqual({ allowPrivateUrls: true, relayEveryMs: 2_000, retryBaseMs: 1_000, timeoutMs: 500, secretOverlapHours: 0, eventsRetentionDays: 90, eventsPrunePattern: '5 1 * * *' });
    expect(() => loadConfig({ ...VALID, WEBHOOK_TIMEOUT_MS: '120000' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...VALID, WEBHOOK_RELAY_EVERY_SECONDS: '0' })).toThrow(/WEBHOOK_RELAY_EVERY_SECONDS/);
    // Shorter than the 3 days deliveries are retried for: refused.
    expect(() => loadConfig({ ...VALID, EVENTS_RETENTION_DAYS: '3' })).toThrow(/EVENTS_RETENTION_DAYS/);
  });
});
