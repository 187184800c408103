import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { MetricsConfig } from '@nova/config';
import { DURATION_BUCKETS_SECONDS, METRIC_PREFIX, MetricsRegistry, metricsAccessAllowed } from '@nova/metrics';

/** Where Prometheus scrapes the API (outside the /api prefix, like /health). */
export const METRICS_PATH = '/metrics';
/** The route label of a request no route matched: its raw URL would be one series per probe. */
const UNMATCHED_ROUTE = 'unmatched';
const CLIENT_CLOSED_REQUEST = 499;

const startedAt = new WeakMap<FastifyRequest, bigint>();

/**
 * Request metrics and the scrape endpoint. `/metrics` is a raw Fastify route, not a Nest
 * controller: no auth guard, no idempotency, not in the OpenAPI document (the fuzz test drives
 * every documented operation); it has its own Bearer token (METRICS_TOKEN) instead.
 * Requests are labelled by route template (`/api/customers/:id`), never by URL: ids would make
 * a series per customer.
 */
export function installMetrics(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsRegistry);
  const token = app.get(MetricsConfig).token;
  const duration = metrics.histogram(`${METRIC_PREFIX}http_request_duration_seconds`, 'API request duration by method, route template and status code', ['method', 'route', 'status_code'], DURATION_BUCKETS_SECONDS);
  const inFlight = metrics.gauge(`${METRIC_PREFIX}http_requests_in_flight`, 'API requests being served');
  const fastify = app.getHttpAdapter().getInstance();

  // Callback-style hooks: an async hook costs every request a promise and a microtask turn each.
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!isScrape(request)) {
      startedAt.set(request, process.hrtime.bigint());
      inFlight.inc();
    }
    done();
  });
  // onResponse runs once the answer is sent; a request whose client went away first ends in
  // onRequestAbort instead (recorded as 499, nginx's "client closed request"). Either way once.
  const finish = (request: FastifyRequest, statusCode: number) => {
    const started = startedAt.get(request);
    if (started === undefined) return;
    startedAt.delete(request);
    inFlight.dec();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    duration.observe({ method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(statusCode) }, seconds);
  };
  fastify.addHook('onResponse', (request, reply, done) => {
    finish(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    finish(request, CLIENT_CLOSED_REQUEST);
    done();
  });

  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!metricsAccessAllowed(request.headers.authorization, token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ statusCode: 401, error: 'Unauthorized', message: 'A valid metrics token is required' });
    }
    const { contentType, body } = await metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}

function isScrape(request: FastifyRequest): boolean {
  return request.routeOptions.url === METRICS_PATH;
}
