import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantContext } from '@nova/tenancy';
import { installIdempotency } from './idempotency.interceptor';
import { withLivemode } from './livemode';
import { RateLimitGuard } from './rate-limit.guard';
import { modeSerializersOf } from './response-schemas';

// What the API does around every tenant request beside auth, each on the routes that need it and
// without a layer of Nest's interceptor chain on reads (each layer costs a request an
// AsyncResource.bind with two util.deprecate wrappers, a defer and a mergeAll: seen in the API
// benchmark's profile, bench/RESULTS.md):
// - rate limits: a global guard after the auth guard (RateLimitGuard);
// - idempotency: an interceptor on the mutating routes only (installIdempotency), after the guards
//   as before, so a request refused by a limit costs no idempotency claim;
// - `livemode`: added to 2xx JSON answers in a tenant's context by Fastify's preSerialization hook,
//   so a replayed answer (stored without it) says its mode too; routes serialised from their schema
//   get a serializer per mode that writes it (response-schemas.ts), the others a marked copy.

/** Installs the policies above; after createValidationPipe and the auth guard, before the routes are registered (app.init / listen). */
export function installRequestPolicy(app: NestFastifyApplication): void {
  app.useGlobalGuards(app.get(RateLimitGuard)); // after AuthGuard (APP_GUARD, registered while the modules were scanned)
  installIdempotency(app);
  const tenantContext = app.get(TenantContext);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preSerialization', (request, reply, payload, done) => {
      // Public routes without a tenant (sign-in, health) and error answers go out as they are.
      const tenant = reply.statusCode < 300 ? tenantContext.currentOrNone : undefined;
      if (!tenant) return done(null, payload);
      const live = tenant.mode === 'live';
      // A route serialised from its schema writes livemode itself; any other gets it added here.
      const serializers = modeSerializersOf(request, reply.statusCode);
      if (serializers) void reply.serializer(live ? serializers.live : serializers.test);
      done(null, serializers ? payload : withLivemode(payload, live));
    });
}
