import { EnvReader, ConfigError } from './env-reader';

// Configuration split by area: each area is a class so Nest can inject exactly the part a
// service needs (`constructor(private readonly auth: AuthConfig)`), and each is validated at boot.

export class HttpConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly publicUrl: string,
  ) {}
}

export class CentralDbConfig {
  constructor(
    readonly url: string,
    readonly poolMax: number,
  ) {}
}

export interface TenantDbServer {
  name: string;
  /** Server URL without a database name; tenant databases are created on it. */
  url: string;
}

export class TenantDbConfig {
  constructor(
    readonly servers: TenantDbServer[],
    readonly defaultServer: string,
    /** `least-tenants` spreads new tenants; `default` keeps them all on the default server. */
    readonly placement: 'least-tenants' | 'default',
    readonly databasePrefix: string,
    readonly poolMax: number,
    readonly clientCacheMax: number,
    readonly clientIdleMs: number,
    readonly migrationsDir: string,
  ) {}

  server(name: string): TenantDbServer {
    const server = this.servers.find((candidate) => candidate.name === name);
    if (!server) throw new Error(`Tenant database server "${name}" is not configured (TENANT_DB_SERVERS)`);
    return server;
  }
}

export class RedisConfig {
  constructor(
    readonly url: string,
    readonly queuePrefix: string,
  ) {}
}

export class AuthConfig {
  constructor(
    readonly jwtSecret: string,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlDays: number,
    readonly apiKeyCacheTtlMs: number,
  ) {}
}

export class MailConfig {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly secure: boolean,
    readonly user: string | undefined,
    readonly password: string | undefined,
    readonly from: string,
  ) {}
}

export class BillingConfig {
  constructor(
    /** Cron pattern of the billing-cycle scheduler (UTC). */
    readonly cyclePattern: string,
    readonly batchSize: number,
    readonly tenantConcurrency: number,
  ) {}
}

export class EncryptionConfig {
  constructor(
    /** ENCRYPTION_KEY: 64 hex characters (32 bytes) sealing provider credentials (AES-256-GCM). */
    readonly key: string,
    /** ENCRYPTION_PREVIOUS_KEYS: keys being rotated out, still accepted for decryption. */
    readonly previousKeys: readonly string[],
  ) {}
}

export class PaymentsConfig {
  constructor(
    /** Provider API base URLs overriding the real ones (sandboxes, local fakes), by provider name. */
    readonly providerBaseUrls: Readonly<Record<string, string>>,
    /** Public origin providers call back (webhook URLs handed to M-Pesa); PUBLIC_URL by default. */
    readonly webhookBaseUrl: string,
    /** Default dunning schedule: delays before each retry of a failed automatic charge. */
    readonly retryDelaysSeconds: readonly number[],
    /** How long an Idempotency-Key is remembered. */
    readonly idempotencyRetentionHours: number,
    /** A stored webhook still `received` after this long lost its job (Redis was down): the sweep re-enqueues it. */
    readonly webhookSweepAfterSeconds: number = 120,
    /** How often the worker sweeps for such webhooks. */
    readonly webhookSweepEveryMs: number = 60_000,
  ) {}
}

export interface AppConfig {
  http: HttpConfig;
  centralDb: CentralDbConfig;
  tenantDb: TenantDbConfig;
  redis: RedisConfig;
  auth: AuthConfig;
  mail: MailConfig;
  billing: BillingConfig;
  encryption: EncryptionConfig;
  payments: PaymentsConfig;
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

function parseEncryption(env: EnvReader): EncryptionConfig {
  const key = env.string('ENCRYPTION_KEY');
  env.check(!key || HEX_KEY.test(key), 'ENCRYPTION_KEY must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`');
  const previousKeys = (env.optionalString('ENCRYPTION_PREVIOUS_KEYS') ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  previousKeys.forEach((previous, index) => env.check(HEX_KEY.test(previous), `ENCRYPTION_PREVIOUS_KEYS entry ${index + 1} must be 64 hex characters`));
  return new EncryptionConfig(key, previousKeys);
}

/** `name=url` pairs, e.g. `stripe=http://127.0.0.1:12111,paystack=https://sandbox.example`. */
function parseProviderBaseUrls(raw: string | undefined, env: EnvReader): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator);
    const url = pair.slice(separator + 1);
    env.check(separator > 0 && /^https?:\/\//.test(url), `PAYMENT_PROVIDER_BASE_URLS entry "${name || pair}" must be provider=http(s)://…`);
    if (separator > 0) urls[name] = url.replace(/\/$/, '');
  }
  return urls;
}

function parseRetryDelays(raw: string | undefined, env: EnvReader): number[] {
  if (!raw) return [86_400, 3 * 86_400, 5 * 86_400];
  const delays = raw.split(',').map((item) => Number(item.trim()));
  env.check(delays.length > 0 && delays.length <= 10 && delays.every((delay) => Number.isInteger(delay) && delay > 0), 'PAYMENT_RETRY_DELAYS_SECONDS must be 1 to 10 positive integers, comma-separated');
  return delays;
}

const POSTGRES = ['postgres:', 'postgresql:'];

/** `name=url` pairs separated by commas or whitespace, e.g. `main=postgresql://pg1:5432,eu=postgresql://pg2:5432`. */
function parseServers(raw: string | undefined, centralUrl: string, env: EnvReader): TenantDbServer[] {
  if (!raw) {
    // Default: tenant databases live on the same server as the central database.
    const url = new URL(centralUrl || 'postgresql://postgres@127.0.0.1:5432/postgres');
    url.pathname = '';
    return [{ name: 'default', url: url.toString().replace(/\/$/, '') }];
  }
  return raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((pair) => {
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const url = pair.slice(separator + 1);
      env.check(separator > 0 && /^[a-z0-9_-]+$/i.test(name), `TENANT_DB_SERVERS entry "${pair}" must be name=url`);
      try {
        env.check(POSTGRES.includes(new URL(url).protocol), `TENANT_DB_SERVERS server "${name}" must be a postgresql:// URL`);
      } catch {
        env.problems.push(`TENANT_DB_SERVERS server "${name}" has an invalid URL`);
      }
      return { name, url: url.replace(/\/$/, '') };
    });
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const env = new EnvReader(source);

  const port = env.int('PORT', 3000, { min: 0, max: 65535 });
  const http = new HttpConfig(port, env.string('HOST', '0.0.0.0'), env.string('PUBLIC_URL', `http://localhost:${port}`));

  const centralUrl = env.url('CENTRAL_DATABASE_URL', POSTGRES);
  const centralDb = new CentralDbConfig(centralUrl, env.int('CENTRAL_DB_POOL_MAX', 10, { min: 1, max: 100 }));

  const servers = parseServers(env.optionalString('TENANT_DB_SERVERS'), centralUrl, env);
  const defaultServer = env.string('TENANT_DB_DEFAULT_SERVER', servers[0]?.name ?? 'default');
  env.check(servers.some((server) => server.name === defaultServer), `TENANT_DB_DEFAULT_SERVER "${defaultServer}" is not one of TENANT_DB_SERVERS`);
  const placement = env.string('TENANT_DB_PLACEMENT', 'least-tenants');
  env.check(placement === 'least-tenants' || placement === 'default', 'TENANT_DB_PLACEMENT must be least-tenants or default');
  const databasePrefix = env.string('TENANT_DB_PREFIX', 'nb_tenant_');
  env.check(/^[a-z][a-z0-9_]{0,30}$/.test(databasePrefix), 'TENANT_DB_PREFIX must be lower-case letters, digits and _');
  const tenantDb = new TenantDbConfig(
    servers,
    defaultServer,
    placement as TenantDbConfig['placement'],
    databasePrefix,
    env.int('TENANT_DB_POOL_MAX', 4, { min: 1, max: 50 }),
    env.int('TENANT_DB_CLIENT_CACHE_MAX', 50, { min: 1, max: 10_000 }),
    env.int('TENANT_DB_CLIENT_IDLE_MS', 300_000, { min: 1_000 }),
    env.string('TENANT_MIGRATIONS_DIR', `${process.cwd()}/prisma/tenant/migrations`),
  );

  const redis = new RedisConfig(env.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'), env.string('QUEUE_PREFIX', 'nova'));

  const jwtSecret = env.string('JWT_SECRET');
  env.check(!jwtSecret || jwtSecret.length >= 32, 'JWT_SECRET must be at least 32 characters');
  const auth = new AuthConfig(
    jwtSecret,
    env.int('JWT_ACCESS_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
    env.int('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
    env.int('API_KEY_CACHE_TTL_MS', 30_000, { min: 0, max: 3_600_000 }),
  );

  const mail = new MailConfig(
    env.string('SMTP_HOST', '127.0.0.1'),
    env.int('SMTP_PORT', 1025, { min: 1, max: 65535 }),
    env.bool('SMTP_SECURE', false),
    env.optionalString('SMTP_USER'),
    env.optionalString('SMTP_PASSWORD'),
    env.string('MAIL_FROM', 'NovaBilling <billing@localhost>'),
  );

  const billing = new BillingConfig(
    env.string('BILLING_CYCLE_CRON', '0 * * * *'),
    env.int('BILLING_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
    env.int('BILLING_TENANT_CONCURRENCY', 4, { min: 1, max: 64 }),
  );

  const encryption = parseEncryption(env);
  const payments = new PaymentsConfig(
    parseProviderBaseUrls(env.optionalString('PAYMENT_PROVIDER_BASE_URLS'), env),
    env.string('PAYMENT_WEBHOOK_BASE_URL', http.publicUrl).replace(/\/$/, ''),
    parseRetryDelays(env.optionalString('PAYMENT_RETRY_DELAYS_SECONDS'), env),
    env.int('IDEMPOTENCY_RETENTION_HOURS', 24, { min: 1, max: 24 * 30 }),
    env.int('WEBHOOK_SWEEP_AFTER_SECONDS', 120, { min: 1, max: 7 * 86_400 }),
    env.int('WEBHOOK_SWEEP_EVERY_SECONDS', 60, { min: 1, max: 86_400 }) * 1000,
  );

  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return { http, centralDb, tenantDb, redis, auth, mail, billing, encryption, payments };
}
