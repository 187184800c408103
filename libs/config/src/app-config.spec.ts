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
