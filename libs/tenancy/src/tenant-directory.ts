import { Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CentralDb, TenantStatus } from '@nova/central-db';
import { DomainError, ErrorCode, TenantMode } from '@nova/domain';
import { CacheMetrics } from '@nova/metrics';
import { InvalidationBus } from '@nova/queue';
import type { TenantRef } from './tenant-context';
import { TenantJobKind, decideTenantJob } from './tenant-job-rule';
import { TenantRecord, findTenantRecord, tenantRecords } from './tenants.repository';

export type { TenantRecord } from './tenants.repository';

/**
 * The tenant in one mode: the reference a tenant context is opened with. A tenant registered
 * before test mode has no test database until the next `migrate:all-tenants`: asking for it then
 * is a 503 (retry later), never a silent fall-back to live data.
 */
export function tenantRefIn(tenant: TenantRecord, mode: TenantMode): TenantRef {
  if (mode === 'live') return { id: tenant.id, mode, dbServer: tenant.dbServer, dbName: tenant.dbName };
  if (!tenant.testDbServer || !tenant.testDbName) {
    throw new DomainError(ErrorCode.Unavailable, 'This tenant\'s test mode is not set up yet (its test database is created by the next migrate:all-tenants run)');
  }
  return { id: tenant.id, mode, dbServer: tenant.testDbServer, dbName: tenant.testDbName };
}

/** Both modes of a tenant whose databases exist: what fan-outs and sweeps go through. */
export function tenantRefsOf(tenant: TenantRecord): TenantRef[] {
  return tenant.testDbName ? [tenantRefIn(tenant, 'live'), tenantRefIn(tenant, 'test')] : [tenantRefIn(tenant, 'live')];
}

/**
 * Looks tenants up by id with a short in-process cache: every authenticated request and job
 * needs the tenant's status and database location, and a registry round trip each time would
 * dominate the hot path. A change announced on the invalidation bus (PATCH /tenants/me, the
 * `tenant` operator script) reaches every process at once; the TTL covers a lost message.
 */
@Injectable()
export class TenantDirectory {
  private readonly cache = new LRUCache<string, TenantRecord>({ max: 10_000, ttl: 5_000 });

  constructor(
    private readonly central: CentralDb,
    private readonly bus: InvalidationBus,
    @Optional() private readonly metrics?: CacheMetrics,
  ) {
    bus.on('tenant-changed', (tenantId) => this.cache.delete(tenantId));
  }

  async find(tenantId: string): Promise<TenantRecord | null> {
    const cached = this.cache.get(tenantId);
    this.metrics?.lookup('tenant_directory', cached !== undefined);
    if (cached) return cached;
    const tenant = await findTenantRecord(this.central.pool, tenantId);
    if (tenant) this.cache.set(tenantId, tenant);
    return tenant;
  }

  async activeTenants(): Promise<TenantRecord[]> {
    return tenantRecords(this.central.pool, TenantStatus.active);
  }

  /** Tenants whose jobs of this kind would run now (decideTenantJob): what fan-outs and sweeps go through. */
  async tenantsFor(kind: TenantJobKind): Promise<TenantRecord[]> {
    return (await tenantRecords(this.central.pool)).filter((tenant) => decideTenantJob(tenant.status, kind).action === 'run');
  }

  /** Each mode of each tenant whose jobs of this kind would run now: one entry per database to visit. */
  async tenantModesFor(kind: TenantJobKind): Promise<{ tenant: TenantRecord; ref: TenantRef }[]> {
    return (await this.tenantsFor(kind)).flatMap((tenant) => tenantRefsOf(tenant).map((ref) => ({ tenant, ref })));
  }

  /** Forgets a tenant in this process only. */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  /** Tells every process that a tenant's registry row changed. */
  announceChange(tenantId: string): Promise<void> {
    return this.bus.publish('tenant-changed', tenantId);
  }
}
