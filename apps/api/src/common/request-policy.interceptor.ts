import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, defer, map } from 'rxjs';
import { TenantContext } from '@nova/tenancy';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { withLivemode } from './livemode';
import { RateLimitInterceptor } from './rate-limit.interceptor';

/**
 * The API's own global interceptors as one: rate limits first (a refused request costs no
 * idempotency claim in the database), then idempotency. Registered as one APP_INTERCEPTOR because
 * every layer of Nest's interceptor chain costs each request an AsyncResource.bind (two
 * util.deprecate wrappers in Node), a defer and a mergeAll, seen in the API benchmark's profile;
 * here the inner one is a plain (lazy) defer, so it still runs only if and when the rate limiter
 * hands the request on, and its errors reach the filter as they did.
 *
 * Innermost, the handler's answer gets its `livemode` (withLivemode) whenever the request runs in
 * a tenant's context: before idempotency stores it, so a replay says its mode too.
 */
@Injectable()
export class RequestPolicyInterceptor implements NestInterceptor {
  constructor(
    private readonly rateLimits: RateLimitInterceptor,
    private readonly idempotency: IdempotencyInterceptor,
    private readonly tenantContext: TenantContext,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const handler: CallHandler = { handle: () => next.handle().pipe(map((body) => this.markMode(body))) };
    return this.rateLimits.intercept(context, { handle: () => defer(() => this.idempotency.intercept(context, handler)) });
  }

  /** Public routes without a tenant (sign-in, health) answer as they are. */
  private markMode(body: unknown): unknown {
    const tenant = this.tenantContext.currentOrNone;
    return tenant ? withLivemode(body, tenant.mode === 'live') : body;
  }
}
