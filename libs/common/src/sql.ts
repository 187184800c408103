import type { Pool, PoolClient } from 'pg';

/** Runs `work` in one transaction on a connection of `pool`. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What a repository function runs on: the pool, or a client inside the caller's transaction. */
export type Queryable = Pool | PoolClient;
