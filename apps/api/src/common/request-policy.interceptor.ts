import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, defer } from 'rxjs';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { RateLimitInterceptor } from './rate-limit.interceptor';

/**
 * The API's own global interceptors as one: rate limits first (a refused request costs no
 * idempotency claim in the database), then idempotency. Registered as one APP_INTERCEPTOR because
 * every layer of Nest's interceptor chain costs each request an AsyncResource.bind (two
 * util.deprecate wrappers in Node), a defer and a mergeAll, seen in the API benchmark's profile;
 * here the inner one is a plain (lazy) defer, so it still runs only if and when the rate limiter
 * hands the request on, and its errors reach the filter as they did.
 */
@Injectable()
export class RequestPolicyInterceptor implements NestInterceptor {
  constructor(
    private readonly rateLimits: RateLimitInterceptor,
    private readonly idempotency: IdempotencyInterceptor,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    return this.rateLimits.intercept(context, { handle: () => defer(() => this.idempotency.intercept(context, next)) });
  }
}
