import type { Pool, PoolClient } from 'pg';
import { mergeMetadata } from '@nova/domain';

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

/**
 * An update whose metadata patch merges into the stored metadata (libs/domain mergeMetadata):
 * without a patch, `update` runs alone; with one, the row's metadata is read under a row lock
 * (`lockMetadata`, undefined when there is no such row) and `update` writes the merged result in
 * the same transaction, so two concurrent patches of different keys both land.
 */
export async function updateMergingMetadata<T>(
  pool: Pool,
  patch: Record<string, unknown> | undefined,
  lockMetadata: (client: PoolClient) => Promise<Record<string, unknown> | undefined>,
  update: (db: Queryable, metadata: Record<string, unknown> | undefined) => Promise<T | undefined>,
): Promise<T | undefined> {
  if (patch === undefined) return update(pool, undefined);
  return inTransaction(pool, async (client) => {
    const stored = await lockMetadata(client);
    return stored === undefined ? undefined : update(client, mergeMetadata(stored, patch));
  });
}
