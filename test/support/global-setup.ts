// Once per `jest` run: a fresh central test database with its migrations, and no tenant
// databases left over from an earlier run.
import { Client } from 'pg';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { CENTRAL_TEST_DB, PG_SERVER_URL, TEST_DB_PREFIX } from './test-env';

export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    // Every database this checkout's test runs create starts with TEST_DB_PREFIX (see test-env.ts).
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [TEST_DB_PREFIX]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${CENTRAL_TEST_DB}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(`${PG_SERVER_URL}/${CENTRAL_TEST_DB}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
}
