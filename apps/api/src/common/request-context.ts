import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CLS_ID, ClsModule, ClsService } from 'nestjs-cls';
import { installRequestLogging } from './logging';

// Every request runs in its own CLS context (AsyncLocalStorage): the tenant the guard resolves,
// its connection lease and the correlation id live there. nestjs-cls would open it in an Express-
// style middleware (through @fastify/middie, with several awaits per request) and, even then,
// registers a global guard and a global interceptor that do nothing but still cost every request
// a layer of Nest's chain. The context is opened by a Fastify hook instead, and those two idle
// enhancers are left out.

const IDLE_ENHANCERS = new Set<unknown>([APP_GUARD, APP_INTERCEPTOR]);

/** nestjs-cls's module (ClsService for everyone) without its unmounted global guard and interceptor. */
export function requestContextModule(): DynamicModule {
  const withoutIdleEnhancers = (module: DynamicModule): DynamicModule => ({
    ...module,
    providers: module.providers?.filter((provider: Provider) => !(typeof provider === 'object' && 'provide' in provider && IDLE_ENHANCERS.has(provider.provide))),
    imports: module.imports?.map((imported) => (typeof imported === 'object' && imported !== null && 'module' in imported ? withoutIdleEnhancers(imported as DynamicModule) : imported)),
  });
  return withoutIdleEnhancers(ClsModule.forRoot({ global: true }));
}

/**
 * Opens each request's CLS context in Fastify's first hook; its id is the request id (Fastify's,
 * see requestIdOf), so every job enqueued and every line logged while serving the request carries
 * it. Everything after the hook (body parsing, the guard, the handler) runs inside the context.
 * The request lines are written by installRequestLogging.
 */
export function installRequestContext(app: NestFastifyApplication): void {
  const cls = app.get(ClsService);
  installRequestLogging(app);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) =>
      cls.run(() => {
        cls.set(CLS_ID, request.id);
        done();
      }),
    );
}
