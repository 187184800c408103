import { Client } from 'pg';
import { PG_SERVER_URL, TEST_DB_PREFIX } from './test-env';

/** Drops every database this checkout's test runs created (they all start with TEST_DB_PREFIX). */
export async function dropTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [TEST_DB_PREFIX]);
  for (const { datname } of rows) await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
}

export async function withAdminConnection<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
