import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MigrationFailedError, MigrationHistoryError } from './errors';
import { AppliedMigrationRow, compareHistory } from './history';
import { Migration } from './migrations';

export type Connection = pg.ClientConfig | string;

export interface MigrateOptions {
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  alreadyApplied: number;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  problems: MigrationHistoryError[];
}

/**
 * The advisory lock key of Prisma's schema engine on PostgreSQL (prisma-engines,
 * sql-schema-connector/src/flavour/postgres.rs). Taking the same key makes this migrator and
 * `prisma migrate` wait for each other. Advisory locks are scoped to one database.
 */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's own DDL for the table (same file, `create_migrations_table`), so `prisma migrate status` reads our rows. */
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
  )`;

const SELECT_APPLIED_ROWS = `
  SELECT migration_name, checksum, finished_at, rolled_back_at, logs
  FROM _prisma_migrations ORDER BY started_at, migration_name`;

// started_at = now() is when the migration's transaction began; finished_at is the wall clock at the end.
const RECORD_APPLIED = `
  INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count, logs)
  VALUES ($1, $2, $3, now(), clock_timestamp(), 1, NULL)`;

/**
 * Applies the pending migrations to one database, each in its own transaction together with its
 * `_prisma_migrations` row, so a migration is either fully applied and recorded or not at all.
 * Refuses to touch anything when the recorded history disagrees with the files.
 * Migration files must therefore be transactional (no `CREATE INDEX CONCURRENTLY`, no BEGIN/COMMIT).
 */
export async function migrateDatabase(
  connection: Connection,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  return withClient(connection, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const history = compareHistory(migrations, await readAppliedRows(client));
      if (history.problems.length > 0) throw history.problems[0];

      const applied: string[] = [];
      for (const migration of history.pending) {
        const startedAt = performance.now();
        await applyMigration(client, migration);
        applied.push(migration.name);
        log(`Applied migration ${migration.name} in ${Math.round(performance.now() - startedAt)} ms`);
      }
      if (applied.length === 0) log(`No pending migrations (${history.applied.length} applied)`);
      return { applied, alreadyApplied: history.applied.length };
    } finally {
      // If this fails the session is gone, and the lock with it.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
    }
  });
}

/** Reads where a database stands, without locking or changing anything (for health checks). */
export async function migrationStatus(
  connection: Connection,
  migrations: readonly Migration[],
): Promise<MigrationStatus> {
  return withClient(connection, async (client) => {
    const { rows } = await client.query<{ exists: boolean }>(
      `SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`,
    );
    const history = compareHistory(migrations, rows[0].exists ? await readAppliedRows(client) : []);
    return { applied: history.applied, pending: history.pending.map((m) => m.name), problems: history.problems };
  });
}

async function applyMigration(client: pg.Client, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql).catch((error: unknown) => {
      throw migrationFailed(migration, error, lineOfPosition(migration.sql, error));
    });
    await client.query(RECORD_APPLIED, [randomUUID(), migration.checksum, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    // If ROLLBACK fails the connection is gone, and PostgreSQL rolls back on its own.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof MigrationFailedError ? error : migrationFailed(migration, error, undefined);
  }
}

function migrationFailed(migration: Migration, error: unknown, line: number | undefined): MigrationFailedError {
  const message = error instanceof Error ? error.message : String(error);
  const sqlState = error instanceof pg.DatabaseError ? error.code : undefined;
  return new MigrationFailedError(migration.name, message, sqlState, line, error);
}

/** PostgreSQL reports a 1-based character position in the submitted script; turn it into a line number. */
function lineOfPosition(sql: string, error: unknown): number | undefined {
  const position = error instanceof pg.DatabaseError ? Number(error.position) : NaN;
  return position > 0 ? sql.slice(0, position - 1).split('\n').length : undefined;
}

async function readAppliedRows(client: pg.Client): Promise<AppliedMigrationRow[]> {
  return (await client.query<AppliedMigrationRow>(SELECT_APPLIED_ROWS)).rows;
}

async function withClient<T>(connection: Connection, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connection);
  // Without a listener, a connection error between two queries would crash the process;
  // the query in flight (or the next one) rejects with it anyway.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
