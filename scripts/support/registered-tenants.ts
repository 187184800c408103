import { AppConfig } from '@nova/config';
import { CentralDb } from '@nova/central-db';
import { TenantDatabaseLocation, listTenantDatabases } from '@nova/tenancy';

export type RegisteredTenantDatabase = TenantDatabaseLocation;

/** Every tenant whose database exists (provisioning ones are skipped), by slug. */
export async function registeredTenantDatabases(config: AppConfig): Promise<RegisteredTenantDatabase[]> {
  return withCentralDb(config, (central) => listTenantDatabases(central, config.tenantDb));
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
