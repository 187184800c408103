/** Base of every error that is about one named migration. */
export abstract class MigrationError extends Error {
  protected constructor(
    readonly migrationName: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The database's history disagrees with the migration files; nothing was applied. */
export abstract class MigrationHistoryError extends MigrationError {}

export class MigrationChecksumMismatchError extends MigrationHistoryError {
  constructor(migrationName: string, readonly storedChecksum: string, readonly fileChecksum: string) {
    super(
      migrationName,
      `Migration ${migrationName} was edited after it was applied ` +
        `(checksum in database ${storedChecksum}, file ${fileChecksum}). ` +
        'Restore the file and put the change in a new migration.',
    );
  }
}

/** Prisma's P3009: a migration started and never finished, so the schema is in an unknown state. */
export class FailedMigrationPresentError extends MigrationHistoryError {
  constructor(migrationName: string, readonly logs: string | null) {
    super(
      migrationName,
      `Migration ${migrationName} failed in an earlier run${logs ? `: ${logs.trim()}` : ''}. ` +
        `Repair the database, then mark it with \`prisma migrate resolve --rolled-back ${migrationName}\` ` +
        `(or --applied) before migrating again.`,
    );
  }
}

export class MigrationMissingLocallyError extends MigrationHistoryError {
  constructor(migrationName: string) {
    super(
      migrationName,
      `Migration ${migrationName} is applied to the database but missing from the migrations directory ` +
        `(is this code older than the database?).`,
    );
  }
}

/** A pending migration's SQL failed; its transaction was rolled back, leaving no trace. */
export class MigrationFailedError extends MigrationError {
  constructor(
    migrationName: string,
    readonly postgresMessage: string,
    readonly sqlState: string | undefined,
    readonly line: number | undefined,
    cause: unknown,
  ) {
    const where = line === undefined ? '' : ` at line ${line}`;
    super(migrationName, `Migration ${migrationName} failed${where}: ${postgresMessage}`, { cause });
  }
}
