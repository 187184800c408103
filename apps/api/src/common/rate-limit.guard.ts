import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@nova/domain';
import type { AuthPrincipal } from '../auth/auth.decorators';
import { BucketState, RateLimiter, RequestKind } from './rate-limiter';

/**
 * Never limited, whoever calls: probes and scrapers, providers' webhooks (their retries must get
 * through; the signature is their authentication), the docs, the queue dashboard, and the auth
 * endpoints, which have their own throttle (AuthThrottle) and are not counted twice.
 */
const UNLIMITED_PREFIXES = ['/health', '/metrics', '/webhooks', '/api/docs', '/api/docs-json', '/admin/queues', '/api/auth'];

const READS = new Set(['GET', 'HEAD']);

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Rate limits per tenant and per API key (see RateLimitConfig), with the IETF RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers) on every limited answer, 429s included.
 *
 * A global guard that runs after the auth guard (installRequestPolicy adds it once the auth guard
 * is registered): the tenant and the key (request.auth) are resolved by then, so counting costs
 * no database query, and unauthenticated requests never reach this (nor spend a tenant's budget).
 * Guards run before any interceptor, so a refused request costs no idempotency claim either.
 * A guard rather than an interceptor: Nest's interceptor chain costs every request it wraps.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { auth?: AuthPrincipal }>();
    const principal = request.auth;
    if (!principal || isUnlimited(request.routeOptions.url ?? request.url)) return true;

    const kind: RequestKind = READS.has(request.method) ? 'read' : 'write';
    const states = await this.limiter.spend({ tenantId: principal.tenantId, apiKeyId: principal.kind === 'api_key' ? principal.apiKeyId : undefined }, kind);
    if (!states) return true; // off, or Redis unavailable: fail open

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const refused = states.filter((state) => !state.passed);
    const shown = refused.length > 0 ? longestWait(refused) : tightest(states);
    void reply
      .header('ratelimit-policy', states.map(({ bucket }) => `${bucket.limit};w=${this.limiter.windowSeconds};name="${bucket.name}"`).join(', '))
      .header('ratelimit-limit', String(shown.bucket.limit))
      .header('ratelimit-remaining', String(shown.remaining))
      .header('ratelimit-reset', String(seconds(shown.resetMs)));
    if (refused.length === 0) return true;

    const retryAfterSeconds = seconds(shown.retryMs);
    const whose = shown.bucket.name.startsWith('key-') ? "this API key's" : "the tenant's";
    throw new DomainError(ErrorCode.TooManyRequests, `Too many ${kind} requests: ${whose} limit is ${shown.bucket.limit} per ${this.limiter.windowSeconds} s; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

function isUnlimited(path: string): boolean {
  return UNLIMITED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The budget closest to running out is the one a client must pace itself by. */
function tightest(states: BucketState[]): BucketState {
  return states.reduce((a, b) => (b.remaining < a.remaining || (b.remaining === a.remaining && b.resetMs > a.resetMs) ? b : a));
}

function longestWait(states: BucketState[]): BucketState {
  return states.reduce((a, b) => (b.retryMs > a.retryMs ? b : a));
}
