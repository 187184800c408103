import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes } from 'node:crypto';
import { AuthConfig } from '@nova/config';
import { ApiKey, ApiKeyMode, CentralDb } from '@nova/central-db';
import { InvalidationBus } from '@nova/queue';

export const API_KEY_PATTERN = /^sk_(live|test)_[A-Za-z0-9]{32,64}$/;

export interface ResolvedApiKey {
  id: string;
  tenantId: string;
  mode: ApiKeyMode;
}

/** Throttle for last-used writes: a busy key would otherwise write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    // Rejection sampling keeps the alphabet uniform (248 = 4 × 62).
    if (bytes[i]! < 248) out += BASE62[bytes[i]! % 62];
  }
  return out.length === length ? out : randomBase62(length);
}

export const hashApiKey = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Tenant API keys. The secret is returned once at creation and stored as SHA-256 (a 190-bit
 * random secret needs no slow KDF). Resolution is on every API-key request, so it is served
 * from an in-process cache; a revocation is announced on the invalidation bus, so every API
 * process drops the key at once (`API_KEY_CACHE_TTL_MS` bounds it should a message be lost).
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly cache: LRUCache<string, ResolvedApiKey | false>;
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly central: CentralDb,
    private readonly bus: InvalidationBus,
    config: AuthConfig,
  ) {
    this.cache = new LRUCache({ max: 50_000, ttl: Math.max(config.apiKeyCacheTtlMs, 1) });
    bus.on('api-key-revoked', (secretHash) => this.cache.delete(secretHash));
  }

  async create(tenantId: string, input: { name: string; mode: ApiKeyMode }, createdById?: string): Promise<{ key: ApiKey; secret: string }> {
    const tenant = await this.central.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { maxApiKeys: true } });
    const active = await this.central.prisma.apiKey.count({ where: { tenantId, revokedAt: null } });
    if (active >= tenant.maxApiKeys) throw new DomainError(ErrorCode.LimitReached, `A tenant may have at most ${tenant.maxApiKeys} active API keys`);
    const secret = `sk_${input.mode}_${randomBase62(40)}`;
    const key = await this.central.prisma.apiKey.create({
      data: { tenantId, name: input.name, mode: input.mode, prefix: secret.slice(0, 12), last4: secret.slice(-4), secretHash: hashApiKey(secret), createdById },
    });
    return { key, secret };
  }

  list(tenantId: string): Promise<ApiKey[]> {
    return this.central.prisma.apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' } });
  }

  async revoke(tenantId: string, id: string): Promise<ApiKey> {
    const key = await this.central.prisma.apiKey.findFirst({ where: { id, tenantId } });
    if (!key) throw DomainError.notFound('API key', id);
    const revoked = key.revokedAt ? key : await this.central.prisma.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await this.bus.publish('api-key-revoked', key.secretHash);
    return revoked;
  }

  /** The key's identity, or null for an unknown or revoked secret. */
  async resolve(secret: string): Promise<ResolvedApiKey | null> {
    if (!API_KEY_PATTERN.test(secret)) return null;
    const hash = hashApiKey(secret);
    let resolved = this.cache.get(hash);
    if (resolved === undefined) {
      const { rows } = await this.central.pool.query<ResolvedApiKey>(
        'SELECT id, tenant_id AS "tenantId", mode FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      resolved = rows[0] ?? false;
      this.cache.set(hash, resolved);
    }
    if (!resolved) return null;
    this.touch(resolved.id);
    return resolved;
  }

  private touch(id: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWrites.set(id, now);
    this.central.pool
      .query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [id])
      .catch((error: Error) => this.logger.warn(`Recording last use of API key ${id} failed: ${error.message}`));
  }
}
