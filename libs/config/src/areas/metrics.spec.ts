import { loadConfig } from '../app-config';

const VALID = {
  CENTRAL_DATABASE_URL: 'postgresql://postgres@db.internal:5432/novabilling',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('MetricsConfig', () => {
  it('leaves /metrics open and serves the worker listener on 9464 on every interface by default', () => {
    expect(loadConfig(VALID).metrics).toEqual({ token: undefined, workerHttpPort: 9464, workerHttpHost: '0.0.0.0' });
  });

  it('takes a free port for 0, nothing for off, and the API host unless WORKER_HTTP_HOST says otherwise', () => {
    expect(loadConfig({ ...VALID, WORKER_HTTP_PORT: '0', HOST: '127.0.0.1' }).metrics).toMatchObject({ workerHttpPort: 0, workerHttpHost: '127.0.0.1' });
    expect(loadConfig({ ...VALID, WORKER_HTTP_PORT: 'off', HOST: '127.0.0.1', WORKER_HTTP_HOST: '10.0.0.5' }).metrics).toMatchObject({ workerHttpPort: null, workerHttpHost: '10.0.0.5' });
    expect(() => loadConfig({ ...VALID, WORKER_HTTP_PORT: '70000' })).toThrow(/WORKER_HTTP_PORT must be an integer between 0 and 65535/);
  });

  it('refuses a metrics token short enough to guess', () => {
    expect(loadConfig({ ...VALID, METRICS_TOKEN: 'a-long-enough-metrics-token' }).metrics.token).toBe('a-long-enough-metrics-token');
    expect(() => loadConfig({ ...VALID, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });
});
