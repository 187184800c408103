import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import { TenantDbConfig } from '@nova/config';
import { fastPgTypes } from '@nova/common';
import { CacheMetrics, PoolUsage, TenantPoolMetrics } from '@nova/metrics';
import { TenantDatabase, tenantDatabaseOn } from '@nova/tenant-db';
import type { TenantMode } from '@nova/domain';
import { TenantRef } from './tenant-context';

/** The cache key: a tenant's live and test databases are two connections. */
function slotKey(tenantId: string, mode: TenantMode): string {
  return `${tenantId}:${mode}`;
}

/** A tenant's database in one mode (its small pg pool), cached per tenant and mode. */
export interface TenantConnection extends TenantDatabase {
  readonly tenantId: string;
  readonly mode: TenantMode;
}

/** A connection in use; `release()` hands it back (idempotent). */
export interface TenantLease {
  readonly connection: TenantConnection;
  release(): void;
}

interface Slot {
  readonly opening: Promise<TenantConnection>;
  /** The database server (TENANT_DB_SERVERS name) and, once open, the pool: for pool metrics. */
  readonly server: string;
  pool?: Pool;
  leases: number;
  evicted: boolean;
}

export function tenantDatabaseUrl(config: TenantDbConfig, ref: Pick<TenantRef, 'dbServer' | 'dbName'>): string {
  return `${config.server(ref.dbServer).url}/${ref.dbName}`;
}

/**
 * Hands out one connection per tenant and mode (live and test are two databases, so two slots)
 * from a bounded LRU. Concurrent first requests for a tenant
 * share one pending creation; idle connections expire; everything is closed on shutdown.
 *
 * Connections are leased: an evicted connection closes as soon as its last lease is returned,
 * never under a running request, and never later than that, so open connections stay within
 * clientCacheMax × poolMax (+ the few still finishing a request) even when more tenants are
 * active than the cache holds. That product × processes must stay under max_connections; a tenant
 * working in both modes at once takes two slots of the cache.
 */
@Injectable()
export class TenantConnections implements OnModuleDestroy {
  private readonly logger = new Logger(TenantConnections.name);
  private readonly cache: LRUCache<string, Slot>;
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly config: TenantDbConfig,
    @Optional() private readonly cacheMetrics?: CacheMetrics,
    @Optional() poolMetrics?: TenantPoolMetrics,
  ) {
    this.cache = new LRUCache<string, Slot>({
      max: config.clientCacheMax,
      ttl: config.clientIdleMs,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (slot) => {
        slot.evicted = true;
        if (slot.leases === 0) this.close(slot);
      },
    });
    poolMetrics?.observe(() => this.usage(), config.clientCacheMax * config.poolMax);
  }

  async lease(tenant: TenantRef): Promise<TenantLease> {
    const key = slotKey(tenant.id, tenant.mode);
    let slot = this.cache.get(key);
    this.cacheMetrics?.lookup('tenant_connection', slot !== undefined);
    if (!slot) {
      const created: Slot = { opening: this.open(tenant), leases: 0, evicted: false, server: tenant.dbServer };
      void created.opening.then(({ pool }) => (created.pool = pool), () => undefined);
      this.cache.set(key, created);
      // A failed open must not poison the cache for the next request.
      created.opening.catch(() => {
        if (this.cache.peek(key) === created) this.cache.delete(key);
      });
      slot = created;
    }
    const leased = slot;
    leased.leases += 1;
    let connection: TenantConnection;
    try {
      connection = await leased.opening;
    } catch (error) {
      leased.leases -= 1;
      throw error;
    }
    let released = false;
    return {
      connection,
      release: () => {
        if (released) return;
        released = true;
        leased.leases -= 1;
        if (leased.evicted && leased.leases === 0) this.close(leased);
      },
    };
  }

  /** Closes a tenant's connections, both modes (tenant deleted, databases dropped), once nobody uses them. */
  async evict(tenantId: string): Promise<void> {
    this.cache.delete(slotKey(tenantId, 'live'));
    this.cache.delete(slotKey(tenantId, 'test'));
    await Promise.allSettled([...this.closing]);
  }

  get size(): number {
    return this.cache.size;
  }

  /**
   * Open pools and their connections per database server, every configured server included (at
   * zero). Evicted pools still finishing a request are no longer counted: they close right after.
   */
  usage(): PoolUsage[] {
    const none = (server: string): PoolUsage => ({ server, pools: 0, active: 0, idle: 0, waiting: 0 });
    const byServer = new Map(this.config.servers.map(({ name }) => [name, none(name)]));
    for (const slot of this.cache.values()) {
      if (!slot.pool) continue;
      const usage = byServer.get(slot.server) ?? none(slot.server);
      usage.pools += 1;
      usage.active += slot.pool.totalCount - slot.pool.idleCount;
      usage.idle += slot.pool.idleCount;
      usage.waiting += slot.pool.waitingCount;
      byServer.set(slot.server, usage);
    }
    return [...byServer.values()];
  }

  async onModuleDestroy(): Promise<void> {
    for (const slot of this.cache.values()) slot.leases = 0; // shutting down: nothing is served any more
    this.cache.clear();
    await Promise.allSettled([...this.closing]);
  }

  private async open(tenant: TenantRef): Promise<TenantConnection> {
    const pool = new Pool({
      connectionString: tenantDatabaseUrl(this.config, tenant),
      max: this.config.poolMax,
      idleTimeoutMillis: 30_000,
      application_name: `novabilling-tenant-${tenant.id.slice(0, 8)}-${tenant.mode}`,
      types: fastPgTypes,
    });
    pool.on('error', (error) => this.logger.warn(`Idle connection error for tenant ${tenant.id} (${tenant.mode}): ${error.message}`));
    return { tenantId: tenant.id, mode: tenant.mode, ...tenantDatabaseOn(pool) };
  }

  private close(slot: Slot): void {
    const closed = slot.opening
      .then(async ({ pool }) => {
        await pool.end();
      })
      .catch((error: Error) => this.logger.warn(`Closing a tenant connection failed: ${error.message}`))
      .finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }
}
