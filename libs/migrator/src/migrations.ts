import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One Prisma migration folder, read once and reusable for any number of databases. */
export interface Migration {
  /** Folder name, e.g. `20261121000000_init`; also `_prisma_migrations.migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** What Prisma stores in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

/**
 * Prisma's checksum: lowercase hex SHA-256 of the script
 * (prisma-engines, schema-engine/connectors/schema-connector/src/checksum.rs).
 */
export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a stored checksum still matches the file. Like Prisma, a file whose line endings
 * were converted (git on Windows) still matches: Prisma also accepts the script with CRLF
 * turned into LF, and with LF turned into CRLF.
 */
export function checksumMatches(migration: Migration, storedChecksum: string): boolean {
  return (
    storedChecksum === migration.checksum ||
    storedChecksum === migrationChecksum(migration.sql.replaceAll('\r\n', '\n')) ||
    storedChecksum === migrationChecksum(migration.sql.replaceAll('\n', '\r\n'))
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export async function loadMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name): Promise<Migration> => {
      const file = path.join(dir, name, 'migration.sql');
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`Migration folder ${name} has no readable migration.sql (${error.code ?? error.message})`);
      });
      let sql: string;
      try {
        sql = utf8.decode(bytes);
      } catch {
        throw new Error(`${file} is not valid UTF-8`);
      }
      // Hash the bytes, not the decoded text, so the checksum is exactly what Prisma computes.
      return { name, sql, checksum: migrationChecksum(bytes) };
    }),
  );
}
