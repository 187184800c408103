// Once per `jest` run: a fresh central test database with its migrations, and no tenant
// databases left over from an earlier run.
import { Client } from 'pg';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from './test-env';

export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    // Every database a test run creates starts with "nbtest_" (see test-env.ts).
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'nbtest\\_%'`, [CENTRAL_TEST_DB]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${CENTRAL_TEST_DB}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(`${PG_SERVER_URL}/${CENTRAL_TEST_DB}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
}
