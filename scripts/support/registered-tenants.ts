import { AppConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { TenantDatabaseLocation, TenantDatabases, listTenantDatabases } from '@nova/tenancy';

export type RegisteredTenantDatabase = TenantDatabaseLocation;

/**
 * Every database of every tenant whose databases exist (provisioning ones are skipped), by slug:
 * live and test, the test database of a tenant registered before test mode marked `toCreate`.
 */
export async function registeredTenantDatabases(config: AppConfig): Promise<RegisteredTenantDatabase[]> {
  return withCentralDb(config, (central) => listTenantDatabases(central, config.tenantDb, new TenantDatabases(config.tenantDb, central)));
}

/** The central database for one script run, closed afterwards. */
export async function withCentralDb<T>(config: AppConfig, work: (central: CentralDb) => Promise<T>): Promise<T> {
  const central = new CentralDb(config.centralDb);
  try {
    return await work(central);
  } finally {
    await central.onModuleDestroy();
  }
}
