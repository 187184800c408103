import {
  FailedMigrationPresentError,
  MigrationChecksumMismatchError,
  MigrationHistoryError,
  MigrationMissingLocallyError,
} from './errors';
import { checksumMatches, Migration } from './migrations';

/** The `_prisma_migrations` columns the comparison needs. */
export interface AppliedMigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

export interface MigrationHistory {
  /** Names of the migrations the database has finished, in file order. */
  applied: string[];
  pending: Migration[];
  /** Reasons to refuse migrating; empty when the history is sound. */
  problems: MigrationHistoryError[];
}

/** Compares the database's `_prisma_migrations` rows with the migration files, the way Prisma reads them. */
export function compareHistory(
  migrations: readonly Migration[],
  rows: readonly AppliedMigrationRow[],
): MigrationHistory {
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  // `prisma migrate resolve --rolled-back` marks a row rolled back: it no longer counts, and the
  // migration will be applied again (with a new row).
  const liveRows = rows.filter((row) => row.rolled_back_at === null);
  const problems: MigrationHistoryError[] = [];

  for (const row of liveRows) {
    const migration = byName.get(row.migration_name);
    if (row.finished_at === null) {
      problems.push(new FailedMigrationPresentError(row.migration_name, row.logs));
    } else if (!migration) {
      problems.push(new MigrationMissingLocallyError(row.migration_name));
    } else if (!checksumMatches(migration, row.checksum)) {
      problems.push(new MigrationChecksumMismatchError(row.migration_name, row.checksum, migration.checksum));
    }
  }

  const finished = new Set(liveRows.filter((row) => row.finished_at !== null).map((row) => row.migration_name));
  const recorded = new Set(liveRows.map((row) => row.migration_name));
  const applied = migrations.filter((migration) => finished.has(migration.name)).map((migration) => migration.name);
  // A failed migration is neither applied nor pending: it is a problem until someone resolves it.
  const pending = migrations.filter((migration) => !recorded.has(migration.name));
  return { applied, pending, problems };
}
