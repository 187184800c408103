import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, loadConfig } from '@nova/config';
import { RATE_DECK_MAX_BYTES } from '@nova/telecom';
import { mountOperatorBoard } from './admin/operator-board';
import { ApiModule } from './app.module';
import { frameworkError } from './common/http-error.filter';
import { createValidationPipe } from './common/validation';
import { installRequestHooks, requestIdOf } from './common/http-lifecycle';
import { installRequestContext } from './common/request-context';
import { installRequestPolicy } from './common/request-policy';
import { tapIdempotentBodies } from './common/idempotency.interceptor';
import { buildOpenApiDocument } from './common/openapi';
import { installResponseSchemas } from './common/response-schemas';
import { installMetrics } from './metrics/http-metrics';
import { CsvBody } from './telecom/csv-body';

/** Builds the HTTP application (used by main.ts, the end-to-end tests and the benchmarks). */
export async function createApiApp(given?: AppConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  const config = given ?? loadConfig();
  const adapter = new FastifyAdapter({ bodyLimit: 20 * 1024 * 1024, trustProxy: config.http.trustProxy, requestIdHeader: false, genReqId: requestIdOf, frameworkErrors: frameworkError });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    rawBody: true, // provider webhooks are verified on the exact bytes received
    bufferLogs: true,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  // CSV uploads (rate decks, CDR files): as text/csv bodies, or as a file of a multipart form. Both
  // are left unread here: each endpoint streams them under its own limits (see telecom/csv-body.ts).
  app.getHttpAdapter().getInstance().addContentTypeParser('text/csv', (_request, payload, done) => done(null, new CsvBody(payload)));
  await app.register(multipart, { limits: { fileSize: RATE_DECK_MAX_BYTES, files: 1 } });
  app.setGlobalPrefix('api', { exclude: ['webhooks/*path', 'health', 'health/*path'] });
  app.useGlobalPipes(createValidationPipe());
  installMetrics(app); // first: requests refused by the hooks below (503 while draining) are counted too
  // Shutdown is ordered by apiShutdown() (main.ts), not by Nest's module-by-module hooks.
  installRequestHooks(app);
  installRequestContext(app);
  tapIdempotentBodies(app.getHttpServer());
  installRequestPolicy(app);
  await mountOperatorBoard(app); // after the request hooks, which it inherits

  const document = buildOpenApiDocument(app, config);
  installResponseSchemas(app, document); // before listen() registers the routes
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
