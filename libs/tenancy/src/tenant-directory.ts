import { Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CentralDb, TenantStatus } from '@nova/central-db';
import { CacheMetrics } from '@nova/metrics';
import { InvalidationBus } from '@nova/queue';
import { TenantJobKind, decideTenantJob } from './tenant-job-rule';
import { TenantRecord, findTenantRecord, tenantRecords } from './tenants.repository';

export type { TenantRecord } from './tenants.repository';

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

  /** Forgets a tenant in this process only. */
  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  /** Tells every process that a tenant's registry row changed. */
  announceChange(tenantId: string): Promise<void> {
    return this.bus.publish('tenant-changed', tenantId);
  }
}
