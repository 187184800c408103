import { Client, Pool, PoolClient } from 'pg';
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

/**
 * pool.end() resolves before every connection has closed; a DROP DATABASE … WITH (FORCE) right
 * after it kills the stragglers, and their FATAL 57P01 fails the test file as an unhandled
 * 'error'. Call on a fresh pool; the function it returns ends the pool and waits (≤ 2 s) until
 * every connection it ever opened has closed.
 */
export function endPoolCompletely(pool: Pool): () => Promise<void> {
  const open = new Set<PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.on('error', () => undefined).once('end', () => open.delete(client));
  });
  return async () => {
    await pool.end();
    for (const deadline = Date.now() + 2_000; open.size > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  };
}
