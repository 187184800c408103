// Databases of one test file alone: its own central database and tenant prefix, so test runs of
// other worktrees sharing this PostgreSQL (whose global setup drops nbtest_*) never touch them.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { PG_SERVER_URL } from './test-env';

export interface PrivateDatabases {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function onServer<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A migrated central database `<prefix>central_<random>` and tenant databases named `<prefix>t_<random>_…`. */
export async function privateDatabases(prefix: string): Promise<PrivateDatabases> {
  const run = randomBytes(4).toString('hex');
  const central = `${prefix}central_${run}`;
  const tenantPrefix = `${prefix}t_${run}_`;
  await onServer((admin) => admin.query(`CREATE DATABASE "${central}"`));
  await migrateDatabase(`${PG_SERVER_URL}/${central}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
  return {
    env: { CENTRAL_DATABASE_URL: `${PG_SERVER_URL}/${central}`, TENANT_DB_PREFIX: tenantPrefix },
    drop: () =>
      onServer(async (admin) => {
        const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2', [central, `${tenantPrefix}%`]);
        for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }),
  };
}
