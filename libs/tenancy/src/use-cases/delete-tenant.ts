import { Injectable } from '@nestjs/common';
import { CentralDb, Tenant } from '@nova/central-db';
import { TenantConnections } from '../tenant-connections';
import { TenantDatabases, tenantDatabasesOf } from '../tenant-databases';
import { TenantDirectory } from '../tenant-directory';
import { deleteTenantRow } from '../tenants.repository';
import { TenantBySlugCommand } from './change-tenant-status';
import { getTenantBySlug } from './find-tenant';

/**
 * Irreversible: drops the tenant's databases (live and test), then its registry rows (users, keys and sessions
 * cascade), and tells every process. Unlike a failed provisioning's cleanup, a database that
 * cannot be dropped stops it: the row stays, for the operator to retry.
 */
@Injectable()
export class DeleteTenant {
  constructor(
    private readonly central: CentralDb,
    private readonly databases: TenantDatabases,
    private readonly connections: TenantConnections,
    private readonly directory: TenantDirectory,
  ) {}

  async execute(command: TenantBySlugCommand): Promise<Tenant> {
    const tenant = await getTenantBySlug(this.central, command.slug);
    await this.connections.evict(tenant.id);
    for (const { dbServer, dbName } of tenantDatabasesOf(tenant)) await this.databases.drop(dbServer, dbName);
    await deleteTenantRow(this.central.pool, tenant.id);
    await this.directory.announceChange(tenant.id);
    return tenant;
  }
}
