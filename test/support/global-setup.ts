// Once per `jest` run: a fresh central test database with its migrations, and no databases left
// over from an earlier run that was interrupted.
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { dropTestDatabases, withAdminConnection } from './test-databases';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from './test-env';

export default async function globalSetup(): Promise<void> {
  await withAdminConnection(async (admin) => {
    await dropTestDatabases(admin);
    await admin.query(`CREATE DATABASE "${CENTRAL_TEST_DB}"`);
  });
  await migrateDatabase(`${PG_SERVER_URL}/${CENTRAL_TEST_DB}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
}
