import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { processLoggerOptions } from '@nova/common';
import { LoggingConfig, loadLoggingConfig } from '@nova/config';

/** The API's logs (format and redaction shared with the worker, see @nova/common): one line per request unless LOG_REQUESTS=false. */
export function loggerOptions(logging: LoggingConfig = loadLoggingConfig()): Params {
  const { format, options } = processLoggerOptions(logging);
  return {
    pinoHttp: {
      ...options,
      autoLogging: logging.requests,
      // Pretty request lines say it all in the message (the request and response objects are left out).
      ...(format === 'pretty' && {
        customSuccessMessage: (request: IncomingMessage, response: ServerResponse, responseTime: number) => `${request.method} ${request.url} ${response.statusCode} ${Math.round(responseTime)} ms`,
        customErrorMessage: (request: IncomingMessage, response: ServerResponse, error: Error) => `${request.method} ${request.url} ${response.statusCode} ${error.message}`,
      }),
    },
  };
}
