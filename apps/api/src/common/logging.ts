import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type Options as PinoHttpOptions } from 'pino-http';
import { processLoggerOptions } from '@nova/common';
import { LoggingConfig, loadLoggingConfig } from '@nova/config';

/** The request headers a request line keeps: never credentials or signatures, and not the rest of what a client sends. */
const LOGGED_REQUEST_HEADERS = ['user-agent', 'content-type', 'content-length', 'x-forwarded-for'] as const;

interface SerializedRequest {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
  headers?: Record<string, unknown>;
}

/**
 * What a request line says of the request: its id, method, URL, client address and a few headers.
 * Smaller than pino's whole request (every header, query and params again), so cheaper to redact
 * and write on every request.
 */
export function requestLogFields(request: SerializedRequest): SerializedRequest {
  const headers: Record<string, unknown> = {};
  for (const name of LOGGED_REQUEST_HEADERS) if (request.headers?.[name] !== undefined) headers[name] = request.headers[name];
  return { id: request.id, method: request.method, url: request.url, remoteAddress: request.remoteAddress, headers };
}

/** What a request line says of the answer: its status (the duration is `responseTime`). */
export const responseLogFields = (response: { statusCode?: number }) => ({ statusCode: response.statusCode });

/** JSON log lines are written in batches of about this many bytes… */
const LOG_BATCH_BYTES = 4096;
/** …and at least this often, so that a quiet API's lines do not wait for the next ones. */
const LOG_FLUSH_INTERVAL_MS = 1000;

/**
 * stdout for JSON lines, written asynchronously in batches: one line per request otherwise costs a
 * write to the pipe on every request (up to a tenth of the API's main thread under load, seen in
 * bench/api-profile.ts). What is buffered is flushed every second, and synchronously at exit (pino).
 */
function batchedStdout(): DestinationStream {
  if (!stdout) {
    const destination = pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES });
    setInterval(() => destination.flush(), LOG_FLUSH_INTERVAL_MS).unref();
    stdout = destination;
  }
  return stdout;
}
/** One per process, however many applications it builds (the tests build several). */
let stdout: DestinationStream | undefined;

/** The API's logs (format and redaction shared with the worker, see @nova/common): one line per request unless LOG_REQUESTS=false. */
export function loggerOptions(logging: LoggingConfig = loadLoggingConfig()): Params {
  const { format, options } = processLoggerOptions(logging);
  const httpOptions = {
    ...options,
    autoLogging: logging.requests,
    serializers: { req: requestLogFields, res: responseLogFields },
    // Pretty request lines say it all in the message (the request and response objects are left out).
    ...(format === 'pretty' && {
      customSuccessMessage: (request: IncomingMessage, response: ServerResponse, responseTime: number) => `${request.method} ${request.url} ${response.statusCode} ${Math.round(responseTime)} ms`,
      customErrorMessage: (request: IncomingMessage, response: ServerResponse, error: Error) => `${request.method} ${request.url} ${response.statusCode} ${error.message}`,
    }),
  };
  // Pretty output goes through pino-pretty's transport (a worker thread of its own) instead.
  // No routes for nestjs-pino's own middleware: requestLogging() runs pino-http from a Fastify hook.
  return { pinoHttp: format === 'json' ? [httpOptions, batchedStdout()] : httpOptions, forRoutes: [] };
}

/** Runs `inside` (the rest of the request) with the request's logger: see requestLogging. */
export type InRequestLogger = (request: FastifyRequest, reply: FastifyReply, inside: () => void) => void;

/**
 * Request lines and each request's logger, as nestjs-pino's middleware would do them (pino-http,
 * with LoggerModule's options, then nestjs-pino's storage holding the request's logger for its
 * Logger), but from a Fastify hook: as Nest middleware it ran through @fastify/middie, an
 * Express-style engine of its own on every request (bench/RESULTS.md, issue 11).
 */
export function requestLogging(app: NestFastifyApplication): InRequestLogger {
  const { pinoHttp: options } = app.get<Params>(PARAMS_PROVIDER_TOKEN);
  const [httpOptions, stream] = Array.isArray(options) ? options : [options];
  const logRequest = pinoHttp(httpOptions as PinoHttpOptions, stream as DestinationStream | undefined);
  return (request, reply, inside) => {
    const raw = request.raw as IncomingMessage & { id?: unknown; allLogs?: Logger[] };
    raw.id = request.id; // the request id of the line (pino-http reads the raw request's)
    logRequest(raw, reply.raw);
    storage.run(new Store(raw.allLogs![raw.allLogs!.length - 1]!), inside);
  };
}
