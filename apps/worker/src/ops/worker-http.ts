import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CentralDb } from '@nova/central-db';
import { ShutdownGate, UNAVAILABLE_RETRY_AFTER_SECONDS } from '@nova/common';
import { MetricsConfig, RedisConfig } from '@nova/config';
import { MetricsRegistry, metricsAccessAllowed } from '@nova/metrics';
import { checkCentralDatabase, checkRedis } from '@nova/tenancy';

/**
 * The worker's only HTTP: /metrics for Prometheus, /health (liveness) and /health/ready (the
 * central database and Redis answer; 503 once shutting down, like the API's). Plain node:http,
 * three GET routes: no framework, nothing else is served.
 */
@Injectable()
export class WorkerHttpServer implements OnModuleDestroy {
  private readonly logger = new Logger('WorkerHttp');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly config: MetricsConfig,
    private readonly central: CentralDb,
    private readonly redis: RedisConfig,
    private readonly gate: ShutdownGate,
  ) {}

  /** Listens on WORKER_HTTP_PORT (main.ts) or where a test says; null when it is `off`. */
  async listen(port = this.config.workerHttpPort, host = this.config.workerHttpHost): Promise<AddressInfo | null> {
    if (port === null) return null;
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.logger.log({ host: address.address, port: address.port }, 'Worker HTTP listening (/metrics, /health, /health/ready)');
    return address;
  }

  /** Closed with the application (after the drain: Prometheus may scrape a draining worker). */
  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET') return send(response, 405, { error: 'Method Not Allowed' });
      if (path === '/health') return send(response, 200, { status: 'ok' });
      if (path === '/health/ready') return await this.ready(response);
      if (path === '/metrics') return await this.scrape(request, response);
      return send(response, 404, { error: 'Not Found' });
    } catch (error) {
      this.logger.error({ err: error }, 'Worker HTTP request failed');
      if (!response.headersSent) send(response, 500, { error: 'Internal Server Error' });
    }
  }

  private async ready(response: ServerResponse): Promise<void> {
    if (this.gate.draining) return send(response, 503, { status: 'shutting-down', components: [] });
    const components = await Promise.all([checkCentralDatabase(this.central), checkRedis(this.redis.url)]);
    const ok = components.every((component) => component.ok);
    if (!ok) response.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    send(response, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', components });
  }

  private async scrape(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!metricsAccessAllowed(request.headers.authorization, this.config.token)) {
      response.setHeader('www-authenticate', 'Bearer');
      return send(response, 401, { error: 'Unauthorized', message: 'A valid metrics token is required' });
    }
    const { contentType, body } = await this.metrics.render();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
