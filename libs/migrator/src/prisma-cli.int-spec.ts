import path from 'node:path';
import pg from 'pg';
import { migrateDatabase } from './migrate';
import { loadMigrations } from './migrations';
import {
  isEmptyDiff,
  PrismaDatabase,
  repositoryRoot,
  runPrismaCli,
  schemaCreationScript,
  schemaDiffAgainst,
} from './prisma-cli';
import { dropScratchDatabases, queryDatabase, scratchDatabase } from './testing';

// Each Prisma CLI run takes one to two seconds. (Project-level testTimeout in jest.config.js is not applied by Jest.)
jest.setTimeout(60_000);

afterAll(dropScratchDatabases);

/**
 * Everything about a database's public schema that a migration can create, as comparable rows.
 * Constraint and index definitions are PostgreSQL's own rendering, so equal rows mean equal objects.
 */
async function catalogSnapshot(url: string): Promise<Record<string, unknown[]>> {
  const query = (sql: string) => queryDatabase(url, sql);
  return {
    columns: await query(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
      ORDER BY 1, 2`),
    constraints: await query(`
      SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relname <> '_prisma_migrations'
      ORDER BY 1, 2`),
    indexes: await query(`
      SELECT tablename AS table, indexname AS name, indexdef AS definition
      FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
      ORDER BY 1, 2`),
    enums: await query(`
      SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
      GROUP BY 1 ORDER BY 1`),
  };
}

async function runScript(url: string, sql: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe.each<PrismaDatabase>(['central', 'tenant'])('the %s migrations', (db) => {
  const migrationsDir = path.join(repositoryRoot(), 'prisma', db, 'migrations');

  it('build exactly the schema of schema.prisma, in the eyes of the Prisma CLI', async () => {
    const database = await scratchDatabase();
    await migrateDatabase(database.url, await loadMigrations(migrationsDir));

    const diff = await schemaDiffAgainst(database.url, db);

    expect(isEmptyDiff(diff)).toBe(true);

    // The same check sees a change: a table the schema does not have.
    await queryDatabase(database.url, 'CREATE TABLE not_in_schema (id INTEGER PRIMARY KEY)');
    expect(await schemaDiffAgainst(database.url, db)).toContain('DROP TABLE "not_in_schema"');
  });

  it('leave a history the official `prisma migrate status` accepts as up to date', async () => {
    const database = await scratchDatabase();
    await expect(runPrismaCli(db, database.url, ['migrate', 'status'])).rejects.toThrow('not yet been applied');

    await migrateDatabase(database.url, await loadMigrations(migrationsDir));

    expect(await runPrismaCli(db, database.url, ['migrate', 'status'])).toContain('Database schema is up to date!');
  });

  it("build the same catalog as Prisma's own script for schema.prisma", async () => {
    const [migrated, fromPrisma] = await Promise.all([scratchDatabase(), scratchDatabase()]);
    await migrateDatabase(migrated.url, await loadMigrations(migrationsDir));
    await runScript(fromPrisma.url, await schemaCreationScript(fromPrisma.url, db));

    const snapshot = await catalogSnapshot(migrated.url);

    expect(snapshot.columns.length).toBeGreaterThan(0);
    expect(await catalogSnapshot(fromPrisma.url)).toEqual(snapshot);
  });
});

describe('schemaDiffAgainst', () => {
  it('describes an empty database as the whole schema', async () => {
    const database = await scratchDatabase();

    const diff = await schemaDiffAgainst(database.url, 'central');

    expect(diff).toContain('CREATE TABLE "tenants"');
  });
});
