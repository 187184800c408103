// Databases of one test file alone: its own central database (registry) and tenant prefix, so no
// other file's scheduler tick or listing sees its tenants. Named under TEST_DB_PREFIX, so the
// run's global teardown drops them even when the file does not get to.
import { randomBytes } from 'node:crypto';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { withAdminConnection } from './test-databases';
import { PG_SERVER_URL, TEST_DB_PREFIX } from './test-env';

export interface PrivateDatabases {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A migrated central database `<TEST_DB_PREFIX><name>_central_<random>` and tenant databases `<…>_t_<random>_…`. */
export async function privateDatabases(name: string): Promise<PrivateDatabases> {
  const prefix = `${TEST_DB_PREFIX}${name}_`;
  const run = randomBytes(4).toString('hex');
  const central = `${prefix}central_${run}`;
  const tenantPrefix = `${prefix}t_${run}_`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${central}"`));
  await migrateDatabase(`${PG_SERVER_URL}/${central}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
  return {
    env: { CENTRAL_DATABASE_URL: `${PG_SERVER_URL}/${central}`, TENANT_DB_PREFIX: tenantPrefix },
    drop: () =>
      withAdminConnection(async (admin) => {
        const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2', [central, `${tenantPrefix}%`]);
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }),
  };
}
