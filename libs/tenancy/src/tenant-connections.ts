import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import { TenantDbConfig } from '@nova/config';
import { TenantPrismaClient } from '@nova/tenant-db';
import { TenantRef } from './tenant-context';

/** A tenant's Prisma client and the small pg pool under it (the pool serves set-based SQL). */
export interface TenantConnection {
  readonly tenantId: string;
  readonly prisma: TenantPrismaClient;
  readonly pool: Pool;
}

/** Evicted connections may still be serving a request; they are closed after this grace period. */
const CLOSE_GRACE_MS = 15_000;

export function tenantDatabaseUrl(config: TenantDbConfig, ref: Pick<TenantRef, 'dbServer' | 'dbName'>): string {
  return `${config.server(ref.dbServer).url}/${ref.dbName}`;
}

/**
 * Hands out one connection per tenant from a bounded LRU. Concurrent first requests for a tenant
 * share one pending creation (the cache holds the promise); idle connections expire and are
 * closed; everything is closed on shutdown. Budget: clientCacheMax × poolMax × processes must
 * stay under PostgreSQL's max_connections.
 */
@Injectable()
export class TenantConnections implements OnModuleDestroy {
  private readonly logger = new Logger(TenantConnections.name);
  private readonly cache: LRUCache<string, Promise<TenantConnection>>;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly config: TenantDbConfig) {
    this.cache = new LRUCache<string, Promise<TenantConnection>>({
      max: config.clientCacheMax,
      ttl: config.clientIdleMs,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      dispose: (connection, _tenantId, reason) => this.scheduleClose(connection, reason === 'delete' ? 0 : CLOSE_GRACE_MS),
    });
  }

  get(tenant: TenantRef): Promise<TenantConnection> {
    const cached = this.cache.get(tenant.id);
    if (cached) return cached;
    const opening = this.open(tenant);
    this.cache.set(tenant.id, opening);
    // A failed open must not poison the cache for the next request.
    opening.catch(() => {
      if (this.cache.peek(tenant.id) === opening) this.cache.delete(tenant.id);
    });
    return opening;
  }

  /** Closes a tenant's connection now (tenant deleted, database dropped). */
  async evict(tenantId: string): Promise<void> {
    this.cache.delete(tenantId);
    await Promise.allSettled([...this.closing]);
  }

  get size(): number {
    return this.cache.size;
  }

  async onModuleDestroy(): Promise<void> {
    this.cache.clear(); // disposes (closes) every connection
    await Promise.allSettled([...this.closing]);
  }

  private async open(tenant: TenantRef): Promise<TenantConnection> {
    const pool = new Pool({
      connectionString: tenantDatabaseUrl(this.config, tenant),
      max: this.config.poolMax,
      idleTimeoutMillis: 30_000,
      application_name: `novabilling-tenant-${tenant.id.slice(0, 8)}`,
    });
    pool.on('error', (error) => this.logger.warn(`Idle connection error for tenant ${tenant.id}: ${error.message}`));
    const prisma = new TenantPrismaClient({ adapter: new PrismaPg(pool) });
    return { tenantId: tenant.id, prisma, pool };
  }

  private scheduleClose(connection: Promise<TenantConnection>, delayMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => setTimeout(resolve, delayMs).unref())
      .then(() => connection)
      .then(async ({ prisma, pool }) => {
        await prisma.$disconnect();
        await pool.end();
      })
      .catch((error: Error) => this.logger.warn(`Closing a tenant connection failed: ${error.message}`))
      .finally(() => this.closing.delete(closed));
    this.closing.add(closed);
    return closed;
  }
}
