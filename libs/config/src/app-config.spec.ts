import { ConfigError } from './env-reader';
import { loadConfig } from './app-config';

const VALID = {
  CENTRAL_DATABASE_URL: 'postgresql://postgres@db.internal:5432/novabilling',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('loadConfig', () => {
  it('fills defaults, placing tenant databases on the central server unless told otherwise', () => {
    const config = loadConfig(VALID);
    expect(config.http.port).toBe(3000);
    expect(config.tenantDb.servers).toEqual([{ name: 'default', url: 'postgresql://postgres@db.internal:5432' }]);
    expect(config.tenantDb.server('default').url).toBe('postgresql://postgres@db.internal:5432');
    expect(config.payments.retryDelaysSeconds).toEqual([86_400, 259_200, 432_000]);
    expect(config.payments.webhookBaseUrl).toBe('http://localhost:3000');
  });

  it('reads several tenant database servers and provider base URLs', () => {
    const config = loadConfig({
      ...VALID,
      TENANT_DB_SERVERS: 'main=postgresql://pg1:5432, eu=postgresql://pg2:5432/',
      TENANT_DB_DEFAULT_SERVER: 'eu',
      PAYMENT_PROVIDER_BASE_URLS: 'paystack=http://127.0.0.1:9000/',
    });
    expect(config.tenantDb.servers.map((server) => server.name)).toEqual(['main', 'eu']);
    expect(config.tenantDb.server('eu').url).toBe('postgresql://pg2:5432');
    expect(config.tenantDb.defaultServer).toBe('eu');
    expect(config.payments.providerBaseUrls).toEqual({ paystack: 'http://127.0.0.1:9000' });
  });

  it('has auth throttling on by default and refuses a lockout cap below its first step', () => {
    expect(loadConfig(VALID).auth.throttle).toMatchObject({ windowSeconds: 60, ipMax: 30, accountMax: 10, lockoutThreshold: 5, lockoutBaseSeconds: 60, lockoutMaxSeconds: 3600 });
    expect(() => loadConfig({ ...VALID, AUTH_LOCKOUT_BASE_SECONDS: '600', AUTH_LOCKOUT_MAX_SECONDS: '60' })).toThrow(/AUTH_LOCKOUT_MAX_SECONDS must be at least/);
    expect(() => loadConfig({ ...VALID, AUTH_THROTTLE_IP_MAX: '0' })).toThrow(/AUTH_THROTTLE_IP_MAX/);
  });

  it('has API rate limits on by default, per second, an API key getting half of its tenant\'s budget', () => {
    expect(loadConfig(VALID).rateLimit).toEqual({ enabled: true, windowSeconds: 1, tenant: { reads: 100, writes: 50 }, apiKey: { reads: 50, writes: 25 } });
    const tuned = loadConfig({ ...VALID, RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_WINDOW_SECONDS: '60', RATE_LIMIT_TENANT_WRITE_MAX: '5', RATE_LIMIT_KEY_READ_MAX: '7' }).rateLimit;
    expect(tuned).toEqual({ enabled: false, windowSeconds: 60, tenant: { reads: 100, writes: 5 }, apiKey: { reads: 7, writes: 25 } });
    expect(() => loadConfig({ ...VALID, RATE_LIMIT_KEY_WRITE_MAX: '0' })).toThrow(/RATE_LIMIT_KEY_WRITE_MAX must be an integer/);
    expect(() => loadConfig({ ...VALID, RATE_LIMIT_ENABLED: 'maybe' })).toThrow(/RATE_LIMIT_ENABLED must be true or false/);
  });

  it('trusts X-Forwarded-For only from private-network proxies unless told otherwise', () => {
    expect(loadConfig(VALID).http.trustProxy).toBe('loopback,linklocal,uniquelocal');
    expect(loadConfig({ ...VALID, TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ ...VALID, TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ ...VALID, TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).http.trustProxy).toBe('10.0.0.1,10.1.0.0/16');
  });

  it('gives up on erroring M-Pesa STK queries after 24 hours unless told otherwise, never before the first query', () => {
    expect(loadConfig(VALID).payments.mpesaReconcileGiveUpAfterHours).toBe(24);
    expect(loadConfig({ ...VALID, MPESA_RECONCILE_GIVE_UP_AFTER_HOURS: '6' }).payments.mpesaReconcileGiveUpAfterHours).toBe(6);
    const problems = (overrides: Record<string, string>) => {
      try {
        loadConfig({ ...VALID, ...overrides });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ MPESA_RECONCILE_GIVE_UP_AFTER_HOURS: '0' })).toEqual([expect.stringContaining('MPESA_RECONCILE_GIVE_UP_AFTER_HOURS must be an integer')]);
    expect(problems({ MPESA_RECONCILE_GIVE_UP_AFTER_HOURS: 'a day' })).toEqual([expect.stringContaining('MPESA_RECONCILE_GIVE_UP_AFTER_HOURS must be an integer')]);
    expect(problems({ MPESA_RECONCILE_GIVE_UP_AFTER_HOURS: '2', MPESA_RECONCILE_AFTER_SECONDS: '7200' })).toEqual([
      expect.stringContaining('MPESA_RECONCILE_GIVE_UP_AFTER_HOURS (2 h) must be longer than MPESA_RECONCILE_AFTER_SECONDS (7200 s)'),
    ]);
  });

  it('reports every problem at once, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({ CENTRAL_DATABASE_URL: 'mysql://nope', PORT: 'eighty', TENANT_DB_SERVERS: 'main=postgresql://pg1 broken', ENCRYPTION_KEY: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const variable of ['CENTRAL_DATABASE_URL', 'PORT', 'TENANT_DB_SERVERS', 'JWT_SECRET', 'ENCRYPTION_KEY']) expect(problems).toContain(variable);
  });
});
