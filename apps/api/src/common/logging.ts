import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ClsServiceManager } from 'nestjs-cls';
import { PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
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

/** JSON log lines are written in batches of about this many bytes (sonic-boom writes at most 16 KiB at once)… */
const LOG_BATCH_BYTES = 12_288;
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

/** The request line's level: a 5xx is an error of ours, anything else a normal answer. */
const requestLineLevel = (statusCode: number) => (statusCode >= 500 ? 'error' : 'info');

/** How a request line reads: JSON says it in fields, a terminal in the message. */
interface RequestLineSettings {
  enabled: boolean;
  message: (request: FastifyRequest, statusCode: number, responseTime: number) => string;
}

/** The request-line settings of each root logger that loggerOptions() built (requestLogging reads them back). */
const requestLines = new WeakMap<Logger, RequestLineSettings>();

/**
 * The API's logs (format and redaction shared with the worker, see @nova/common): one line per
 * request unless LOG_REQUESTS=false (requestLogging). Every line logged while serving a request
 * carries its id (`reqId`), read from the request's context when the line is written.
 */
export function loggerOptions(logging: LoggingConfig = loadLoggingConfig(), destination?: DestinationStream): Params {
  const { format, options } = processLoggerOptions(logging);
  const withRequestId: LoggerOptions = { ...options, mixin: requestIdOfContext };
  // Pretty output goes through pino-pretty's transport (a worker thread of its own) instead.
  const root = format === 'json' ? pino(withRequestId, destination ?? batchedStdout()) : pino(withRequestId);
  requestLines.set(root, {
    enabled: logging.requests,
    message:
      format === 'pretty'
        ? (request, statusCode, responseTime) => `${request.method} ${request.url} ${statusCode} ${Math.round(responseTime)} ms`
        : (_request, statusCode) => (statusCode >= 500 ? 'request errored' : 'request completed'),
  });
  // nestjs-pino's Logger writes through this logger; its own request middleware is mounted on no route.
  return { pinoHttp: { logger: root }, forRoutes: [] };
}

/** The id of the request being served, for every line logged while serving it (pino's mixin). */
function requestIdOfContext(): { reqId?: string } {
  const cls = ClsServiceManager.getClsService();
  const id = cls.isActive() ? (cls.getId() as string | undefined) : undefined;
  return id === undefined ? {} : { reqId: id };
}

/**
 * The request lines, from a Fastify onResponse hook: one `info` line per answer (`error` for a
 * 5xx) with the request's fields (requestLogFields), the status and `responseTime` in ms. No
 * logger per request and no redaction on this line: its fields are chosen above and hold no
 * credentials, and both cost every request (pino-http did both, ~10 % of a read's CPU, bench/RESULTS.md).
 */
export function installRequestLogging(app: NestFastifyApplication): void {
  const { pinoHttp } = app.get<Params>(PARAMS_PROVIDER_TOKEN);
  const root = (pinoHttp as { logger: Logger }).logger;
  const settings = requestLines.get(root);
  if (!settings?.enabled) return;
  const lines = root.child({}, { redact: { paths: [] } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const { statusCode, elapsedTime } = reply;
      const fields = { req: requestLogFields(requestFieldsOf(request)), res: responseLogFields(reply), responseTime: Math.round(elapsedTime) };
      lines[requestLineLevel(statusCode)](fields, settings.message(request, statusCode, elapsedTime));
      done();
    });
}

function requestFieldsOf(request: FastifyRequest): SerializedRequest {
  return { id: request.id, method: request.method, url: request.url, remoteAddress: request.ip, headers: request.headers };
}
