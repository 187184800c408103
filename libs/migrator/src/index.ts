export { loadMigrations, migrationChecksum, checksumMatches } from './migrations';
export type { Migration } from './migrations';
export { migrateDatabase, migrationStatus } from './migrate';
export type { Connection, MigrateOptions, MigrateResult, MigrationStatus } from './migrate';
export {
  MigrationError,
  MigrationHistoryError,
  MigrationChecksumMismatchError,
  FailedMigrationPresentError,
  MigrationMissingLocallyError,
  MigrationFailedError,
} from './errors';
export { schemaDiffAgainst, schemaCreationScript, isEmptyDiff, repositoryRoot, runPrismaCli } from './prisma-cli';
export type { PrismaDatabase } from './prisma-cli';
export { createScratchDatabase } from './scratch-database';
export type { ScratchDatabase } from './scratch-database';
