// Helpers shared by this library's tests. Not exported from index.ts.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createScratchDatabase, ScratchDatabase } from './scratch-database';

const createdDirs: string[] = [];

/** Writes `{ folderName: sql }` as a Prisma migrations directory and returns its path. */
export async function writeMigrationsDir(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nova-migrations-'));
  createdDirs.push(dir);
  await writeFile(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  for (const [name, sql] of Object.entries(migrations)) await writeMigration(dir, name, sql);
  return dir;
}

export async function writeMigration(dir: string, name: string, sql: string | Buffer): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

export async function removeMigrationsDirs(): Promise<void> {
  await Promise.all(createdDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The test PostgreSQL server; scratch databases are created next to its `postgres` database. */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const scratchDatabases: ScratchDatabase[] = [];

/** A fresh empty `nbt_mig_*` database, dropped by `dropScratchDatabases`. */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  const database = await createScratchDatabase(TEST_SERVER_URL, 'nbt_mig_');
  scratchDatabases.push(database);
  return database;
}

export async function dropScratchDatabases(): Promise<void> {
  await Promise.all(scratchDatabases.splice(0).map((database) => database.drop()));
}

/** Runs one statement on its own short-lived connection. */
export async function queryDatabase<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function tableExists(url: string, table: string): Promise<boolean> {
  const [row] = await queryDatabase<{ exists: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  return row.exists;
}
