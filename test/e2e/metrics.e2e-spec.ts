// Prometheus metrics: the API's GET /metrics (route templates, never raw ids; METRICS_TOKEN) and
// the worker's own listener (/metrics with queue depth and job counters, /health, /health/ready).
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { ShutdownGate } from '@nova/common';
import { MetricsConfig, RedisConfig, loadConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { MetricsRegistry } from '@nova/metrics';
import { JOBS, QUEUES, redisOptionsFromUrl } from '@nova/queue';
import { WorkerHttpServer } from '../../apps/worker/src/ops/worker-http';
import { TestApp, startTestApp } from '../support/test-app';
import { freePort } from '../support/processes';
import { TenantSession, registerTenant } from '../support/tenant-session';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-test';
const DAY = 86_400_000;

/** The value of one sample of the exposition text: `name{labels…} value`, all given labels matching. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** A daily subscription started 2.5 days ago: period 0 is invoiced at creation, periods 1 and 2 by the next cycle. */
async function subscribeBackdated(tenant: TenantSession): Promise<void> {
  const plan = await tenant.as.post('/api/plans').send({ code: 'daily', name: 'Daily' }).expect(201);
  const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'NGN', unitAmount: 10_000, interval: 'day' }).expect(201);
  const customer = await tenant.as.post('/api/customers').send({ name: 'C', email: 'c@example.test' }).expect(201);
  await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id, startAt: new Date(Date.now() - 2.5 * DAY).toISOString() }).expect(201);
}

describe('API /metrics', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN }, worker: false });
  });

  afterAll(() => app?.close());

  it('is refused without the metrics token, or with a wrong one or a tenant API key', async () => {
    const tenant = await registerTenant(app);
    await request(app.url).get('/metrics').expect(401).expect('www-authenticate', 'Bearer');
    await request(app.url).get('/metrics').set('Authorization', 'Bearer not-the-metrics-token').expect(401);
    await request(app.url).get('/metrics').set('Authorization', `Bearer ${tenant.apiKey}`).expect(401);
  });

  it('labels request durations by route template and status, never by tenant or raw id', async () => {
    const tenant = await registerTenant(app);
    const customer = await tenant.as.post('/api/customers').send({ name: 'Metered', email: 'metered@example.test' }).expect(201);
    for (let i = 0; i < 3; i++) await tenant.as.get(`/api/customers/${customer.body.id}`).expect(200);
    await tenant.as.get('/api/customers/00000000-0000-4000-8000-000000000000').expect(404);
    await request(app.url).get(`/no-such-route/${customer.body.id}`).expect(404);

    const scrape = await request(app.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    const text = scrape.text;
    const byRoute = (status: string) => sample(text, 'nova_http_request_duration_seconds_count', { method: 'GET', route: '/api/customers/:id', status_code: status });
    expect(byRoute('200')).toBe(3);
    expect(byRoute('404')).toBe(1);
    expect(sample(text, 'nova_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(customer.body.id);
    expect(text).not.toContain(tenant.tenantId);
    expect(text).not.toContain(tenant.apiKey);

    // The scrape itself is not a request it counts; the others are done.
    expect(text).not.toMatch(/route="\/metrics"/);
    expect(sample(text, 'nova_http_requests_in_flight')).toBe(0);
    // API-key cache: the first request of the key missed, the next ones hit.
    expect(sample(text, 'nova_cache_lookups_total', { cache: 'api_key', result: 'hit' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'nova_cache_lookups_total', { cache: 'tenant_directory', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'nova_cache_lookups_total', { cache: 'tenant_connection', result: 'hit' })).toBeGreaterThanOrEqual(1);
    // Pool usage per database server (TENANT_DB_SERVERS name), not per tenant.
    expect(sample(text, 'nova_tenant_db_pools', { server: 'main' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'nova_tenant_db_connections', { server: 'main', state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nova_tenant_db_connection_limit')).toBe(app.config.tenantDb.clientCacheMax * app.config.tenantDb.poolMax);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('is not an operation of the OpenAPI document (the fuzz test drives every documented one)', async () => {
    const docs = await request(app.url).get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
    expect(Object.keys(docs.body.paths).length).toBeGreaterThan(10);
  });
});

describe('worker HTTP listener', () => {
  let app: TestApp;
  let workerUrl: string;

  const scrape = async () => (await request(workerUrl).get('/metrics').expect(200)).text;
  /** Scrapes until `done` (or 5 s), and returns the last scrape for the assertions. */
  const scrapeUntil = async (done: (text: string) => boolean) => {
    const deadline = Date.now() + 5_000;
    let text = await scrape();
    while (!done(text) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      text = await scrape();
    }
    return text;
  };

  beforeAll(async () => {
    // No METRICS_TOKEN here: /metrics is open. Nothing listens on the SMTP port: e-mail jobs fail.
    app = await startTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()) } });
    const address = await app.worker!.get(WorkerHttpServer).listen(0, '127.0.0.1');
    workerUrl = `http://127.0.0.1:${address!.port}`;
  });

  afterAll(() => app?.close());

  it('counts a billing run it processed: job completed, wait and run time, invoices issued', async () => {
    const tenant = await registerTenant(app);
    await subscribeBackdated(tenant);

    const labels = { queue: QUEUES.billing, job_name: JOBS.billingRunTenant };
    const before = await scrape();
    expect(sample(before, 'nova_jobs_completed_total', labels)).toBeUndefined();
    const invoicesBefore = sample(before, 'nova_invoices_issued_total') ?? 0;

    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.billing));
    const events = new QueueEvents(QUEUES.billing, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
    try {
      const job = await queue.add(JOBS.billingRunTenant, { tenantId: tenant.tenantId, correlationId: 'metrics-test', asOf: new Date().toISOString() });
      await job.waitUntilFinished(events, 20_000);
    } finally {
      await events.close();
    }

    const after = await scrapeUntil((metrics) => sample(metrics, 'nova_jobs_completed_total', labels) !== undefined);
    expect(sample(after, 'nova_jobs_completed_total', labels)).toBe(1);
    expect(sample(after, 'nova_job_processing_seconds_count', labels)).toBe(1);
    expect(sample(after, 'nova_job_wait_seconds_count', labels)).toBe(1);
    expect(sample(after, 'nova_billing_cycle_runs_total', { outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'nova_invoices_issued_total')).toBe(invoicesBefore + 2);
    expect(after).not.toContain(tenant.tenantId);
  });

  it('counts a failed attempt that will be retried apart from a job that failed for good', async () => {
    const tenant = await registerTenant(app);
    await subscribeBackdated(tenant);
    const invoices = await tenant.as.get('/api/invoices').expect(200);
    const labels = { queue: QUEUES.mail, job_name: JOBS.sendInvoice };
    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.mail));
    const events = new QueueEvents(QUEUES.mail, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
    await events.waitUntilReady();
    try {
      // Nothing listens on SMTP_PORT: both attempts fail, the first one is retried.
      const job = await queue.add(JOBS.sendInvoice, { tenantId: tenant.tenantId, correlationId: 'metrics-fail', invoiceId: invoices.body.data[0].id }, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
      await expect(job.waitUntilFinished(events, 20_000)).rejects.toThrow(/ECONNREFUSED|connect/i);
    } finally {
      await events.close();
    }
    // QueueEvents can hear of the failure just before the worker's own 'failed' listener runs.
    const text = await scrapeUntil((metrics) => sample(metrics, 'nova_jobs_failed_total', labels) !== undefined);
    expect(sample(text, 'nova_jobs_retried_total', labels)).toBe(1);
    expect(sample(text, 'nova_jobs_failed_total', labels)).toBe(1);
    expect(sample(text, 'nova_job_processing_seconds_count', labels)).toBe(2);
    expect(sample(text, 'nova_jobs_completed_total', labels)).toBeUndefined();
  });

  it('counts CDRs the rating worker finished, by result', async () => {
    const tenant = await registerTenant(app);
    // A number no account holds: rated as unratable (no tenant setup needed for the count to move).
    const call = { id: 'metrics-cdr-1', callerNumber: '+2348030000001', calledNumber: '+2348060000002', startedAt: new Date(Date.now() - DAY).toISOString(), durationSeconds: 30 };
    await tenant.as.post('/api/cdrs').send(call).expect(202);
    const text = await scrapeUntil((metrics) => sample(metrics, 'nova_jobs_completed_total', { queue: QUEUES.rating, job_name: JOBS.rateCdrs }) !== undefined);
    expect(sample(text, 'nova_jobs_completed_total', { queue: QUEUES.rating, job_name: JOBS.rateCdrs })).toBe(1);
    expect(sample(text, 'nova_cdrs_rated_total', { result: 'unratable' })).toBe(1);
    expect(sample(text, 'nova_cdrs_rated_total', { result: 'rated' })).toBe(0);
  });

  it('reads queue depth per queue and state at scrape time', async () => {
    const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.mail));
    const depth = async () => sample(await scrape(), 'nova_queue_jobs', { queue: QUEUES.mail, state: 'delayed' });
    expect(await depth()).toBe(0);
    const job = await queue.add('metrics-test.delayed', {}, { delay: 3_600_000 });
    try {
      expect(await depth()).toBe(1);
    } finally {
      await job.remove();
    }
    expect(await depth()).toBe(0);
  });

  it('exposes every metric the Grafana dashboard queries, on the API or the worker, under the ports Prometheus scrapes', async () => {
    type Panel = { title?: string; targets?: { expr: string }[]; panels?: Panel[] };
    const dashboard = JSON.parse(readFileSync('ops/grafana/dashboards/novabilling.json', 'utf8')) as { panels: Panel[] };
    const panels = (list: Panel[]): Panel[] => list.flatMap((panel) => [panel, ...panels(panel.panels ?? [])]);
    const queried = new Set(panels(dashboard.panels).flatMap((panel) => (panel.targets ?? []).flatMap((target) => [...target.expr.matchAll(/\b(?:nova|nodejs|process)_\w+/g)].map(([name]) => name))));
    // A histogram is queried by its _bucket/_count/_sum series, exposed under its family's # TYPE.
    const family = (name: string) => name.replace(/_(bucket|count|sum)$/, '');
    const exposed = `${(await request(app.url).get('/metrics').expect(200)).text}\n${await scrape()}`;
    const families = new Set([...exposed.matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name));
    expect(queried.size).toBeGreaterThan(20);
    expect([...queried].filter((name) => !families.has(family(name)))).toEqual([]);
    // Our labels never clash with the target labels Prometheus adds (it would rename ours to exported_*).
    expect([...exposed.matchAll(/[{,](job|instance)="/g)]).toEqual([]);

    // The scrape config (compose) targets the default ports of the API and of the worker's listener.
    const defaults = loadConfig({ CENTRAL_DATABASE_URL: 'postgresql://postgres@postgres:5432/novabilling', JWT_SECRET: 'x'.repeat(32), ENCRYPTION_KEY: 'ab'.repeat(32) });
    const prometheus = readFileSync('ops/prometheus/prometheus.yml', 'utf8');
    expect(prometheus).toContain(`targets: ['api:${defaults.http.port}']`);
    expect(prometheus).toContain(`port: ${defaults.metrics.workerHttpPort}\n`);
  });

  it('wants the metrics token on /metrics when one is configured, and only there', async () => {
    const worker = app.worker!;
    const token = 'worker-metrics-token-1234';
    const guarded = new WorkerHttpServer(worker.get(MetricsRegistry), new MetricsConfig(token, 0, '127.0.0.1'), worker.get(CentralDb), worker.get(RedisConfig), new ShutdownGate());
    const address = await guarded.listen();
    const url = `http://127.0.0.1:${address!.port}`;
    try {
      await request(url).get('/metrics').expect(401).expect('www-authenticate', 'Bearer');
      await request(url).get('/metrics').set('Authorization', 'Bearer not-the-token-at-all').expect(401);
      expect((await request(url).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200)).text).toContain('# TYPE nova_queue_jobs gauge');
      await request(url).get('/health').expect(200); // probes stay open: orchestrators send no token
      await request(url).get('/health/ready').expect(200);
    } finally {
      await guarded.onModuleDestroy();
    }
  });

  it('answers liveness and readiness, and readiness 503 once the worker drains', async () => {
    await request(workerUrl).get('/health').expect(200, { status: 'ok' });
    const ready = await request(workerUrl).get('/health/ready').expect(200);
    expect(ready.body.components.map((component: { name: string }) => component.name)).toEqual(['central-db', 'redis']);
    await request(workerUrl).get('/nothing-here').expect(404);

    app.worker!.get(ShutdownGate).drain();
    await request(workerUrl).get('/health/ready').expect(503);
    await request(workerUrl).get('/health').expect(200);
  });
});
