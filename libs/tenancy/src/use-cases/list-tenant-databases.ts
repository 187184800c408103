import type { CentralDb } from '@nova/central-db';
import type { TenantDbConfig } from '@nova/config';
import type { TenantMode } from '@nova/domain';
import type { MigrateResult } from '@nova/migrator';
import { tenantDatabaseUrl } from '../tenant-connections';
import type { TenantDatabases } from '../tenant-databases';
import { TenantRecord, recordTestDatabase, tenantsWithDatabases } from '../tenants.repository';

export interface TenantDatabaseLocation {
  slug: string;
  tenantId: string;
  mode: TenantMode;
  /** `<database>@<server>`, for operators' output. */
  where: string;
  /** The database server's name in TENANT_DB_SERVERS. */
  server: string;
  dbName: string;
  url: string;
  /** True for the test database of a tenant registered before test mode: it is still to be created (setUpTestDatabase). */
  toCreate: boolean;
}

/**
 * Every database of every tenant whose databases exist (provisioning ones are skipped), by slug,
 * live then test: what operator scripts migrate and check. A tenant registered before test mode
 * is listed with the test database it should have (`toCreate`), on its live database's server.
 */
export async function listTenantDatabases(central: CentralDb, config: TenantDbConfig, databases: Pick<TenantDatabases, 'databaseNameFor'>): Promise<TenantDatabaseLocation[]> {
  const tenants = await tenantsWithDatabases(central.pool);
  return tenants.flatMap((tenant) => [location(config, tenant, 'live', tenant.dbServer, tenant.dbName, false), testLocation(config, databases, tenant)]);
}

function testLocation(config: TenantDbConfig, databases: Pick<TenantDatabases, 'databaseNameFor'>, tenant: TenantRecord): TenantDatabaseLocation {
  if (tenant.testDbServer && tenant.testDbName) return location(config, tenant, 'test', tenant.testDbServer, tenant.testDbName, false);
  return location(config, tenant, 'test', tenant.dbServer, databases.databaseNameFor(tenant.id, 'test'), true);
}

function location(config: TenantDbConfig, tenant: TenantRecord, mode: TenantMode, server: string, dbName: string, toCreate: boolean): TenantDatabaseLocation {
  return { slug: tenant.slug, tenantId: tenant.id, mode, where: `${dbName}@${server}`, server, dbName, url: tenantDatabaseUrl(config, { dbServer: server, dbName }), toCreate };
}

/**
 * Gives a tenant registered before test mode its test database: created (unless a run that
 * stopped half-way already did), migrated, and only then recorded in the registry, so no request
 * or job ever reaches a half-made test database. Safe to re-run.
 */
export async function setUpTestDatabase(central: CentralDb, databases: TenantDatabases, location: TenantDatabaseLocation): Promise<MigrateResult> {
  if (location.mode !== 'test') throw new Error(`setUpTestDatabase: ${location.where} is a ${location.mode} database`);
  if (!(await databases.exists(location.server, location.dbName))) await databases.create(location.server, location.dbName, 'test');
  const result = await databases.migrate({ dbServer: location.server, dbName: location.dbName });
  await recordTestDatabase(central.pool, location.tenantId, { dbServer: location.server, dbName: location.dbName });
  return result;
}
