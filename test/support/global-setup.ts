// Once per `jest` run: a fresh central test database with its migrations, and no tenant
// databases left over from an earlier run.
import { Client } from 'pg';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { CENTRAL_TEST_DB, PG_SERVER_URL, TENANT_TEST_PREFIX } from './test-env';

export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [CENTRAL_TEST_DB, `${TENANT_TEST_PREFIX}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${CENTRAL_TEST_DB}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(`${PG_SERVER_URL}/${CENTRAL_TEST_DB}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
}
