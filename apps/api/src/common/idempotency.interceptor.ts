import { DomainError } from '@nova/domain';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, from, lastValueFrom } from 'rxjs';
import { PaymentsConfig } from '@nova/config';
import { TenantContext, TenantDb, claimIdempotencyKey, completeIdempotencyKey, findIdempotentAnswer, releaseIdempotencyKey, sweepExpiredIdempotencyKeys } from '@nova/tenancy';
import { BodyHash, multipartBoundary } from './body-hash';
import { controllerHandlers } from './openapi';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` on any mutating tenant endpoint: the first request with a key runs and its
 * answer is stored in the tenant's database; the same key and body get that answer again
 * (header `Idempotent-Replayed: true`), the same key with another body a 409. The key row is
 * claimed with an INSERT before the handler runs, so concurrent requests with one key cannot
 * both execute: the loser gets a 409 while the first is in flight. Failed requests release
 * their key, so a corrected retry may use it. Keys expire after IDEMPOTENCY_RETENTION_HOURS.
 *
 * "Same body" means the same bytes, files of a multipart upload included: the body is hashed as
 * it arrives (tapIdempotentBodies), whoever reads it and however (parsed up front, or streamed
 * by the handler). The fingerprint is therefore final only once the handler has read the body;
 * it is stored with the answer, and a replay reads its own body to the end before comparing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenantContext: TenantContext,
    private readonly db: TenantDb,
    private readonly config: PaymentsConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    // Public routes (registration, webhooks) have no tenant to keep keys for.
    if (!key || !MUTATING.has(request.method) || !this.inTenant()) return next.handle();
    if (key.length > MAX_KEY_LENGTH) throw DomainError.validation('Idempotency-Key', `must be at most ${MAX_KEY_LENGTH} characters`);
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? (request.method === 'POST' ? 201 : 200);
    return from(this.run(key, request, status, context.switchToHttp().getResponse<FastifyReply>(), next));
  }

  private async run(key: string, request: FastifyRequest, status: number, reply: FastifyReply, next: CallHandler): Promise<unknown> {
    const { pool } = await this.db.connection();
    const retentionHours = this.config.idempotencyRetentionHours;
    // Claimed under a provisional fingerprint: a streamed body is not read yet. Nobody compares
    // against it: while the answer is missing, other requests with the key get 409 "in progress".
    if (!(await claimIdempotencyKey(pool, key, `pending ${request.method} ${request.url}`, retentionHours))) return this.replay(key, request, reply);

    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await completeIdempotencyKey(pool, key, { fingerprint: await fingerprint(request), status, body });
      // Now and then, sweep expired keys so the table stays bounded.
      if (Math.random() < 0.01) void sweepExpiredIdempotencyKeys(pool, retentionHours).catch(() => undefined);
      return body;
    } catch (error) {
      await releaseIdempotencyKey(pool, key);
      throw error;
    }
  }

  private async replay(key: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const { pool } = await this.db.connection();
    const stored = await findIdempotentAnswer(pool, key);
    if (!stored) throw DomainError.conflict('A request with this Idempotency-Key just failed; retry it', 'Idempotency-Key');
    if (stored.responseStatus === null) throw DomainError.conflict('A request with this Idempotency-Key is still in progress', 'Idempotency-Key');
    if (stored.fingerprint !== (await fingerprint(request))) throw DomainError.conflict('This Idempotency-Key was used with a different request', 'Idempotency-Key');
    void reply.header('idempotent-replayed', 'true');
    return stored.responseBody;
  }

  private inTenant(): boolean {
    try {
      return Boolean(this.tenantContext.tenantId);
    } catch {
      return false;
    }
  }
}

const MUTATING_ROUTES = new Set<unknown>([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.ALL]);

/** The Fastify decoration holding an application's IdempotencyInterceptor (see routeIdempotency). */
const DECORATION = 'novaIdempotency';

/**
 * What mutating handlers carry as their interceptor: one object for every application of the
 * process (the tests build several from the same controllers), handing the request to its own
 * application's IdempotencyInterceptor, which its Fastify instance holds.
 */
const routeIdempotency: NestInterceptor = {
  intercept(context, next) {
    const server = context.switchToHttp().getRequest<FastifyRequest>().server as unknown as Record<typeof DECORATION, IdempotencyInterceptor>;
    return server[DECORATION].intercept(context, next);
  },
};

/**
 * Idempotency on every mutating route (POST, PUT, PATCH, DELETE) and only there: reads never pass
 * through an interceptor of Nest's chain for it. Before the routes are registered (app.init / listen).
 */
export function installIdempotency(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  if (!fastify.hasDecorator(DECORATION)) fastify.decorate(DECORATION, app.get(IdempotencyInterceptor));
  for (const { handler } of controllerHandlers(app)) {
    if (!MUTATING_ROUTES.has(Reflect.getMetadata(METHOD_METADATA, handler))) continue;
    const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    if (!interceptors.includes(routeIdempotency)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [routeIdempotency, ...interceptors], handler);
  }
}

const bodyHashes = new WeakMap<IncomingMessage, BodyHash>();

/**
 * Hashes the body of every mutating request with an Idempotency-Key as its bytes arrive. It taps
 * the raw request's `push` (how Node's HTTP parser hands the stream its bytes) from the server's
 * first 'request' listener, before any byte is pushed: reading the body stays entirely up to its
 * consumer (the JSON parser, a multipart file streamed by the handler), and is not slowed.
 */
export function tapIdempotentBodies(server: Server): void {
  server.prependListener('request', (raw: IncomingMessage) => {
    if (!raw.headers['idempotency-key'] || !MUTATING.has(raw.method ?? '')) return;
    const hash = new BodyHash(multipartBoundary(raw.headers['content-type']));
    bodyHashes.set(raw, hash);
    const push = raw.push;
    raw.push = function (chunk: unknown, encoding?: BufferEncoding): boolean {
      if (chunk) hash.update(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding));
      return push.call(this, chunk, encoding);
    };
  });
}

/** The digest of the whole body: the part nobody read (a handler that stopped early, a replay) is read here. */
async function bodyDigest(raw: IncomingMessage, hash: BodyHash): Promise<string> {
  if (!raw.complete) {
    raw.resume();
    await new Promise<void>((resolve, reject) => {
      raw.once('end', resolve);
      raw.once('error', reject);
      raw.once('close', () => resolve());
    });
  }
  return hash.digest();
}

/** Same key means same request: method, path and body (its bytes, files included). */
async function fingerprint(request: FastifyRequest): Promise<string> {
  const hash = bodyHashes.get(request.raw);
  // Without the tap (an injected request), the parsed body stands for the bytes.
  const body = hash ? await bodyDigest(request.raw, hash) : JSON.stringify(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.url}\n${body}`).digest('hex');
}
