import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { CentralDb, TenantStatus } from '@nova/central-db';
import { TenantRef } from './tenant-context';

export interface TenantRecord extends TenantRef {
  slug: string;
  name: string;
  status: TenantStatus;
}

/**
 * Looks tenants up by id with a short in-process cache: every authenticated request and job
 * needs the tenant's status and database location, and a registry round trip each time would
 * dominate the hot path. Changes made through this process invalidate at once; other processes
 * see them within the TTL.
 */
@Injectable()
export class TenantDirectory {
  private readonly cache = new LRUCache<string, TenantRecord>({ max: 10_000, ttl: 5_000 });

  constructor(private readonly central: CentralDb) {}

  async find(tenantId: string): Promise<TenantRecord | null> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const { rows } = await this.central.pool.query<TenantRecord>(
      'SELECT id, slug, name, status, db_server AS "dbServer", db_name AS "dbName" FROM tenants WHERE id = $1',
      [tenantId],
    );
    const tenant = rows[0] ?? null;
    if (tenant) this.cache.set(tenantId, tenant);
    return tenant;
  }

  async activeTenants(): Promise<TenantRecord[]> {
    const { rows } = await this.central.pool.query<TenantRecord>(
      `SELECT id, slug, name, status, db_server AS "dbServer", db_name AS "dbName" FROM tenants WHERE status = 'active' ORDER BY created_at`,
    );
    return rows;
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
