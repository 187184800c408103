// The test environment: the same PostgreSQL and Redis users run, with names of their own so a
// test run never touches a real installation's data.
import { createHash } from 'node:crypto';
import { AppConfig, loadConfig } from '@nova/config';

// Request logs drown test output; LOG_LEVEL=info npm test brings them back.
process.env.LOG_LEVEL ??= 'silent';

export const PG_SERVER_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
/**
 * Every database a test run creates is named `nbtest_<run>_…`, where <run> identifies the
 * checkout: two checkouts testing at once on one server never drop each other's databases.
 */
export const TEST_RUN = process.env.TEST_DB_RUN ?? createHash('sha256').update(process.cwd()).digest('hex').slice(0, 6);
export const TEST_DB_PREFIX = `nbtest_${TEST_RUN}_`;
export const CENTRAL_TEST_DB = `${TEST_DB_PREFIX}central`;
export const TENANT_TEST_PREFIX = `${TEST_DB_PREFIX}t_`;
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CENTRAL_DATABASE_URL: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}`,
    CENTRAL_DB_POOL_MAX: '4',
    TENANT_DB_SERVERS: `main=${PG_SERVER_URL}`,
    TENANT_DB_PREFIX: TENANT_TEST_PREFIX,
    TENANT_DB_POOL_MAX: '2',
    TENANT_DB_CLIENT_CACHE_MAX: '8',
    REDIS_URL: REDIS_TEST_URL,
    // One queue namespace per test file: its worker must not take another file's jobs.
    QUEUE_PREFIX: `nbtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    API_KEY_CACHE_TTL_MS: '30000',
    MAIL_FROM: 'NovaBilling Test <billing@test.local>',
    // A fixed test key: provider credentials in test databases are sealed with it.
    ENCRYPTION_KEY: '5e1f0c9a7b3d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f',
    TENANT_MIGRATIONS_DIR: `${process.cwd()}/prisma/tenant/migrations`,
    // Tests fire requests far faster than any tenant's budget; rate-limits.e2e-spec.ts turns the limits on.
    RATE_LIMIT_ENABLED: 'false',
    // Tests create far more customers and invoices than the free tier allows; platform-plans.e2e-spec.ts starts tenants on the trial.
    SIGNUP_PLAN: 'scale',
    // Worker processes started by tests listen for metrics/health on a free port, never a fixed one.
    WORKER_HTTP_PORT: '0',
    // Webhook e2e tests deliver to a receiver on 127.0.0.1, retried after a second.
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_RELAY_EVERY_SECONDS: '1',
    WEBHOOK_RETRY_BASE_SECONDS: '1',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnv(overrides));
}
