import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GracefulShutdown, ShutdownGate, UNAVAILABLE_RETRY_AFTER_SECONDS } from '@nova/common';
import { LifecycleConfig } from '@nova/config';

/** An incoming X-Request-Id is kept when it is a plausible id; anything else is replaced. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's X-Request-Id when valid, otherwise a fresh UUID (never a
 * per-process counter, which repeats across restarts and replicas). It becomes the correlation
 * id of the request's logs and of every job it enqueues.
 */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  const incoming = Array.isArray(header) ? header[0] : header;
  return incoming && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}


/**
 * Hooks every request passes first: the answer carries X-Request-Id (errors and 404s too), and
 * once the process is draining a new request gets 503 with Retry-After and Connection: close
 * before anything runs, while requests already in flight finish and close their connection.
 */
export function installRequestHooks(app: NestFastifyApplication): void {
  const gate = app.get(ShutdownGate);
  const fastify = app.getHttpAdapter().getInstance();
  // Callback-style hooks: an async hook costs every request a promise and a microtask turn each.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (!gate.draining) return done();
    void reply
      .code(503)
      .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
      .header('connection', 'close')
      .send({ statusCode: 503, error: 'Service Unavailable', code: 'shutting_down', message: 'The server is shutting down; retry the request' });
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (gate.draining) void reply.header('connection', 'close');
    done(null, payload);
  });
}

/**
 * The API's shutdown: readiness fails and new requests get 503 at once; the listening socket
 * closes, idle keep-alive connections close, in-flight requests (uploads still streaming
 * included) finish up to the deadline, and only then do queues, Redis and pools close.
 */
export function apiShutdown(app: NestFastifyApplication): GracefulShutdown {
  const server = app.getHttpServer() as Server;
  const inFlight = new Set<ServerResponse>();
  let allDone: (() => void) | undefined;
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      if (inFlight.size === 0) allDone?.();
    });
  });
  const logger = new Logger('Shutdown');
  return new GracefulShutdown(
    {
      drain: async () => {
        app.get(ShutdownGate).drain();
        server.close();
        server.closeIdleConnections();
        if (inFlight.size > 0) await new Promise<void>((resolve) => (allDone = resolve));
      },
      abandon: () => server.closeAllConnections(),
      close: () => app.close(),
    },
    app.get(LifecycleConfig).shutdownDeadlineMs,
    { info: (fields, message) => logger.log(fields, message), warn: (fields, message) => logger.warn(fields, message), error: (fields, message) => logger.error(fields, message) },
  );
}
