import { Injectable, Logger, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AuthConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { CacheMetrics } from '@nova/metrics';
import { InvalidationBus } from '@nova/queue';
import { API_KEY_PATTERN, hashApiKey } from './api-key-secret';
import { ResolvedApiKey, findActiveApiKeyByHash, touchApiKey } from './api-keys.repository';

export type { ResolvedApiKey } from './api-keys.repository';

/** Throttle for last-used writes: a busy key would otherwise write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Who an API key acts as. Resolution is on every API-key request, so it is served from an
 * in-process cache; a revocation is announced on the invalidation bus (RevokeApiKey), so every
 * API process drops the key at once (`API_KEY_CACHE_TTL_MS` bounds it should a message be lost).
 */
@Injectable()
export class ApiKeyResolver {
  private readonly logger = new Logger(ApiKeyResolver.name);
  private readonly cache: LRUCache<string, ResolvedApiKey | false>;
  private readonly lastUsedWrites = new Map<string, number>();

  constructor(
    private readonly central: CentralDb,
    bus: InvalidationBus,
    config: AuthConfig,
    @Optional() private readonly metrics?: CacheMetrics,
  ) {
    this.cache = new LRUCache({ max: 50_000, ttl: Math.max(config.apiKeyCacheTtlMs, 1) });
    bus.on('api-key-revoked', (secretHash) => this.cache.delete(secretHash));
  }

  /** The key's identity, or null for an unknown or revoked secret. */
  async resolve(secret: string): Promise<ResolvedApiKey | null> {
    if (!API_KEY_PATTERN.test(secret)) return null;
    const hash = hashApiKey(secret);
    let resolved = this.cache.get(hash);
    this.metrics?.lookup('api_key', resolved !== undefined);
    if (resolved === undefined) {
      resolved = (await findActiveApiKeyByHash(this.central.pool, hash)) ?? false;
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
    touchApiKey(this.central.pool, id).catch((error: Error) => this.logger.warn(`Recording last use of API key ${id} failed: ${error.message}`));
  }
}
