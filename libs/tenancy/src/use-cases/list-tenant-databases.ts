import type { CentralDb } from '@nova/central-db';
import type { TenantDbConfig } from '@nova/config';
import { tenantDatabaseUrl } from '../tenant-connections';
import { tenantsWithDatabases } from '../tenants.repository';

export interface TenantDatabaseLocation {
  slug: string;
  /** `<database>@<server>`, for operators' output. */
  where: string;
  /** The database server's name in TENANT_DB_SERVERS. */
  server: string;
  url: string;
}

/** Every tenant whose database exists (provisioning ones are skipped), by slug: what operator scripts migrate and check. */
export async function listTenantDatabases(central: CentralDb, config: TenantDbConfig): Promise<TenantDatabaseLocation[]> {
  const tenants = await tenantsWithDatabases(central.pool);
  return tenants.map((tenant) => ({ slug: tenant.slug, where: `${tenant.dbName}@${tenant.dbServer}`, server: tenant.dbServer, url: tenantDatabaseUrl(config, tenant) }));
}
