import { metricsAccessAllowed } from './bearer-token';
import { MetricsRegistry } from './metrics-registry';
import { CacheMetrics, TenantPoolMetrics } from './recorders';

describe('metricsAccessAllowed', () => {
  it('lets everyone in when no token is configured', () => {
    expect(metricsAccessAllowed(undefined, undefined)).toBe(true);
  });

  it('wants exactly the configured Bearer token', () => {
    const token = 'the-configured-metrics-token';
    expect(metricsAccessAllowed(`Bearer ${token}`, token)).toBe(true);
    expect(metricsAccessAllowed(`bearer ${token}`, token)).toBe(true);
    expect(metricsAccessAllowed(undefined, token)).toBe(false);
    expect(metricsAccessAllowed(token, token)).toBe(false);
    expect(metricsAccessAllowed(`Basic ${token}`, token)).toBe(false);
    expect(metricsAccessAllowed(`Bearer ${token}x`, token)).toBe(false);
    expect(metricsAccessAllowed(`Bearer ${token.slice(1)}`, token)).toBe(false);
  });
});

describe('MetricsRegistry', () => {
  it('keeps the metrics of two applications in one process apart, and shares an instrument by name within one', async () => {
    const api = new MetricsRegistry();
    const worker = new MetricsRegistry();
    new CacheMetrics(api).lookup('api_key', true);
    new CacheMetrics(api).lookup('api_key', true);
    new CacheMetrics(worker).lookup('tenant_directory', false);

    const apiText = (await api.render()).body;
    expect(apiText).toContain('nova_cache_lookups_total{cache="api_key",result="hit"} 2');
    expect(apiText).not.toContain('tenant_directory');
    expect((await worker.render()).body).toContain('nova_cache_lookups_total{cache="tenant_directory",result="miss"} 1');
    expect(apiText).toContain('process_cpu_user_seconds_total');
  });

  it('reads tenant pool usage per server at scrape time, servers that went away dropped', async () => {
    const metrics = new MetricsRegistry();
    let usage = [
      { server: 'main', pools: 2, active: 1, idle: 3, waiting: 0 },
      { server: 'eu', pools: 1, active: 2, idle: 0, waiting: 4 },
    ];
    new TenantPoolMetrics(metrics).observe(() => usage, 16);
    let text = (await metrics.render()).body;
    expect(text).toContain('nova_tenant_db_pools{server="main"} 2');
    expect(text).toContain('nova_tenant_db_connections{server="eu",state="active"} 2');
    expect(text).toContain('nova_tenant_db_waiting_queries{server="eu"} 4');
    expect(text).toContain('nova_tenant_db_connection_limit 16');

    usage = [{ server: 'main', pools: 0, active: 0, idle: 0, waiting: 0 }];
    text = (await metrics.render()).body;
    expect(text).toContain('nova_tenant_db_pools{server="main"} 0');
    expect(text).not.toContain('server="eu"');
  });
});
