import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  FailedMigrationPresentError,
  MigrationChecksumMismatchError,
  MigrationFailedError,
  MigrationMissingLocallyError,
} from './errors';
import { migrateDatabase, migrationStatus } from './migrate';
import { loadMigrations } from './migrations';
import { repositoryRoot } from './prisma-cli';
import {
  dropScratchDatabases,
  queryDatabase,
  removeMigrationsDirs,
  scratchDatabase,
  tableExists,
  TEST_SERVER_URL,
  writeMigration,
  writeMigrationsDir,
} from './testing';

const TENANT_MIGRATIONS = path.join(repositoryRoot(), 'prisma', 'tenant', 'migrations');
const PRISMA_LOCK_KEY = 72707369;

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const migrationRows = (url: string) =>
  queryDatabase<MigrationRow>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name');

/** Advisory locks on Prisma's key in one database: [] once every migrator has let go. */
const prismaLocks = (databaseName: string) =>
  queryDatabase<{ granted: boolean }>(
    TEST_SERVER_URL,
    `SELECT l.granted FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.objid = $1 AND d.datname = $2`,
    [PRISMA_LOCK_KEY, databaseName],
  );

const SMALL = {
  '20260101000000_first': 'CREATE TABLE first_table (id INTEGER PRIMARY KEY);',
  '20260102000000_second': 'CREATE TABLE second_table (id INTEGER PRIMARY KEY);',
};

afterAll(async () => {
  await dropScratchDatabases();
  await removeMigrationsDirs();
});

describe('migrateDatabase', () => {
  it('applies the tenant migrations to an empty database and records them as Prisma does', async () => {
    const database = await scratchDatabase();
    const migrations = await loadMigrations(TENANT_MIGRATIONS);
    const names = migrations.map((m) => m.name);
    const logged: string[] = [];

    const result = await migrateDatabase(database.url, migrations, { log: (line) => logged.push(line) });

    expect(result).toEqual({ applied: names, alreadyApplied: 0 });
    expect(logged).toHaveLength(names.length);
    const rows = await migrationRows(database.url);
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = readFileSync(path.join(TENANT_MIGRATIONS, row.migration_name, 'migration.sql'));
      expect(row).toMatchObject({
        checksum: createHash('sha256').update(file).digest('hex'),
        finished_at: expect.any(Date),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }

    expect(await migrateDatabase(database.url, migrations)).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await migrationRows(database.url)).toHaveLength(names.length);
    expect(await prismaLocks(database.name)).toEqual([]);
  });

  it("creates _prisma_migrations with exactly Prisma's columns", async () => {
    const database = await scratchDatabase();
    await migrateDatabase(database.url, []);

    const columns = await queryDatabase(
      database.url,
      `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    const primaryKey = await queryDatabase(
      database.url,
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = '_prisma_migrations'::regclass`,
    );

    type Nullable = 'NULL' | 'NOT NULL';
    const column = (name: string, type: string, length: number | null, nullable: Nullable, fallback?: string) => ({
      column_name: name,
      data_type: type,
      length,
      is_nullable: nullable === 'NULL' ? 'YES' : 'NO',
      column_default: fallback ?? null,
    });
    expect(columns).toEqual([
      column('id', 'character varying', 36, 'NOT NULL'),
      column('checksum', 'character varying', 64, 'NOT NULL'),
      column('finished_at', 'timestamp with time zone', null, 'NULL'),
      column('migration_name', 'character varying', 255, 'NOT NULL'),
      column('logs', 'text', null, 'NULL'),
      column('rolled_back_at', 'timestamp with time zone', null, 'NULL'),
      column('started_at', 'timestamp with time zone', null, 'NOT NULL', 'now()'),
      column('applied_steps_count', 'integer', null, 'NOT NULL', '0'),
    ]);
    expect(primaryKey).toEqual([{ conname: '_prisma_migrations_pkey', definition: 'PRIMARY KEY (id)' }]);
  });

  it('refuses an edited migration and applies nothing, not even a new one', async () => {
    const database = await scratchDatabase();
    const dir = await writeMigrationsDir(SMALL);
    await migrateDatabase(database.url, await loadMigrations(dir));
    await appendFile(path.join(dir, '20260101000000_first', 'migration.sql'), '\n-- tweaked after the fact\n');
    await writeMigration(dir, '20260103000000_third', 'CREATE TABLE third_table (id INTEGER);');
    const migrations = await loadMigrations(dir);

    const attempt = migrateDatabase(database.url, migrations);

    await expect(attempt).rejects.toThrow(MigrationChecksumMismatchError);
    await expect(attempt).rejects.toMatchObject({ migrationName: '20260101000000_first' });
    expect(await tableExists(database.url, 'third_table')).toBe(false);
    expect(await migrationRows(database.url)).toHaveLength(2);
    expect(await prismaLocks(database.name)).toEqual([]);
    const status = await migrationStatus(database.url, migrations);
    expect(status.pending).toEqual(['20260103000000_third']);
    expect(status.problems).toEqual([expect.any(MigrationChecksumMismatchError)]);
  });

  it('rolls back a failing migration completely and keeps the earlier ones of the same run', async () => {
    const database = await scratchDatabase();
    const dir = await writeMigrationsDir({
      '20260101000000_first': SMALL['20260101000000_first'],
      '20260102000000_broken': [
        'CREATE TABLE half_made (id INTEGER);',
        'INSERT INTO half_made VALUES (1);',
        'SELECT * FROM no_such_table;',
      ].join('\n'),
      '20260103000000_after': 'CREATE TABLE after_table (id INTEGER);',
    });

    const attempt = migrateDatabase(database.url, await loadMigrations(dir));

    await expect(attempt).rejects.toThrow(MigrationFailedError);
    await expect(attempt).rejects.toMatchObject({
      migrationName: '20260102000000_broken',
      postgresMessage: 'relation "no_such_table" does not exist',
      sqlState: '42P01',
      line: 3,
    });
    expect((await migrationRows(database.url)).map((row) => row.migration_name)).toEqual(['20260101000000_first']);
    expect(await tableExists(database.url, 'first_table')).toBe(true);
    expect(await tableExists(database.url, 'half_made')).toBe(false);
    expect(await tableExists(database.url, 'after_table')).toBe(false);
    expect(await prismaLocks(database.name)).toEqual([]);

    // Nothing was recorded, so fixing the file is enough to move on.
    await writeMigration(dir, '20260102000000_broken', 'CREATE TABLE half_made (id INTEGER);');
    const retry = await migrateDatabase(database.url, await loadMigrations(dir));
    expect(retry).toEqual({ applied: ['20260102000000_broken', '20260103000000_after'], alreadyApplied: 1 });
  });

  it("undoes a migration's changes when its _prisma_migrations row cannot be written", async () => {
    const database = await scratchDatabase();
    const dir = await writeMigrationsDir({
      '20260101000000_sabotage': `
        CREATE TABLE made_by_migration (id INTEGER);
        CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'recording refused'; END $$;
        CREATE TRIGGER refuse_row BEFORE INSERT ON _prisma_migrations FOR EACH ROW EXECUTE FUNCTION refuse_row();`,
    });

    const attempt = migrateDatabase(database.url, await loadMigrations(dir));

    await expect(attempt).rejects.toMatchObject({
      migrationName: '20260101000000_sabotage',
      postgresMessage: 'recording refused',
    });
    expect(await tableExists(database.url, 'made_by_migration')).toBe(false);
    expect(await migrationRows(database.url)).toEqual([]);
  });

  it('applies each migration exactly once when five runs race on one fresh database', async () => {
    const database = await scratchDatabase();
    const dir = await writeMigrationsDir(SMALL);
    await writeMigration(dir, '20300101000000_tenant_tables', readFileSync(
      path.join(TENANT_MIGRATIONS, '20261121000000_init', 'migration.sql'),
    ));
    const migrations = await loadMigrations(dir);

    const results = await Promise.all(Array.from({ length: 5 }, () => migrateDatabase(database.url, migrations)));

    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrations.map((m) => m.name));
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    for (const result of results) expect(result.applied.length + result.alreadyApplied).toBe(migrations.length);
    const rows = await migrationRows(database.url);
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
  });

  it("waits while another session holds Prisma's migrate lock on that database", async () => {
    const database = await scratchDatabase();
    const prismaCli = new pg.Client(database.url);
    await prismaCli.connect();
    try {
      await prismaCli.query('SELECT pg_advisory_lock(72707369)'); // verbatim from Prisma's schema engine
      const migrating = migrateDatabase(database.url, await loadMigrations(await writeMigrationsDir(SMALL)));

      await waitUntil(async () => (await prismaLocks(database.name)).some((lock) => !lock.granted));
      expect(await tableExists(database.url, '_prisma_migrations')).toBe(false);

      await prismaCli.query('SELECT pg_advisory_unlock(72707369)');
      expect((await migrating).applied).toHaveLength(2);
    } finally {
      await prismaCli.end();
    }
  });

  it('refuses to run over a failed migration recorded by Prisma, until it is marked rolled back', async () => {
    const database = await scratchDatabase();
    const migrations = await loadMigrations(await writeMigrationsDir(SMALL));
    await migrateDatabase(database.url, migrations.slice(0, 1));
    // What `prisma migrate deploy` leaves behind when a script fails half-way.
    await queryDatabase(
      database.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at)
       VALUES (gen_random_uuid(), $1, $2, 'syntax error at or near "CREAT"', now())`,
      [migrations[1].checksum, migrations[1].name],
    );

    const attempt = migrateDatabase(database.url, migrations);

    await expect(attempt).rejects.toThrow(FailedMigrationPresentError);
    await expect(attempt).rejects.toMatchObject({ migrationName: '20260102000000_second' });
    expect(await tableExists(database.url, 'second_table')).toBe(false);

    // `prisma migrate resolve --rolled-back 20260102000000_second`
    await queryDatabase(database.url, `UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL`);
    expect(await migrateDatabase(database.url, migrations)).toEqual({
      applied: ['20260102000000_second'],
      alreadyApplied: 1,
    });
  });

  it('refuses a database that has a migration this code does not know', async () => {
    const database = await scratchDatabase();
    const migrations = await loadMigrations(await writeMigrationsDir(SMALL));
    await migrateDatabase(database.url, migrations);

    const attempt = migrateDatabase(database.url, migrations.slice(0, 1));

    await expect(attempt).rejects.toThrow(MigrationMissingLocallyError);
    await expect(attempt).rejects.toMatchObject({ migrationName: '20260102000000_second' });
  });
});

describe('migrationStatus', () => {
  it('reports applied and pending migrations without creating or locking anything', async () => {
    const database = await scratchDatabase();
    const migrations = await loadMigrations(await writeMigrationsDir(SMALL));

    expect(await migrationStatus(database.url, migrations)).toEqual({
      applied: [],
      pending: ['20260101000000_first', '20260102000000_second'],
      problems: [],
    });
    expect(await tableExists(database.url, '_prisma_migrations')).toBe(false);

    await migrateDatabase(database.url, migrations.slice(0, 1));
    expect(await migrationStatus(database.url, migrations)).toEqual({
      applied: ['20260101000000_first'],
      pending: ['20260102000000_second'],
      problems: [],
    });
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
