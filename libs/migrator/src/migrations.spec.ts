import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { checksumMatches, loadMigrations, migrationChecksum } from './migrations';
import { removeMigrationsDirs, writeMigration, writeMigrationsDir } from './testing';

// Test vector from prisma-engines' own checksum tests (schema-connector/src/checksum.rs).
const PRISMA_CHECKSUM_OF_HELLO = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

afterAll(removeMigrationsDirs);

describe('migrationChecksum', () => {
  it('is the zero-padded lowercase hex SHA-256 Prisma stores', () => {
    expect(migrationChecksum('hello')).toBe(PRISMA_CHECKSUM_OF_HELLO);
  });
});

describe('loadMigrations', () => {
  it('reads every migration folder in name order and ignores migration_lock.toml', async () => {
    const dir = await writeMigrationsDir({ '20260102000000_second': 'SELECT 2;', '20260101000000_first': 'hello' });

    const migrations = await loadMigrations(dir);

    expect(migrations.map((m) => m.name)).toEqual(['20260101000000_first', '20260102000000_second']);
    expect(migrations[0]).toEqual({ name: '20260101000000_first', sql: 'hello', checksum: PRISMA_CHECKSUM_OF_HELLO });
  });

  it('hashes the file bytes, byte-order mark included', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('hello')]);
    const dir = await writeMigrationsDir({});
    await writeMigration(dir, '20260101000000_bom', withBom);

    const [migration] = await loadMigrations(dir);

    expect(migration.checksum).toBe(migrationChecksum(withBom));
    expect(migration.checksum).not.toBe(PRISMA_CHECKSUM_OF_HELLO);
  });

  it('names a folder without migration.sql', async () => {
    const dir = await writeMigrationsDir({});
    await mkdir(path.join(dir, '20260101000000_empty'));

    await expect(loadMigrations(dir)).rejects.toThrow('20260101000000_empty');
  });

  it('rejects a file that is not UTF-8, as Prisma does', async () => {
    const dir = await writeMigrationsDir({});
    await writeMigration(dir, '20260101000000_latin1', Buffer.from([0x53, 0xe9, 0x3b]));

    await expect(loadMigrations(dir)).rejects.toThrow('not valid UTF-8');
  });
});

describe('checksumMatches', () => {
  const unix = { name: 'm', sql: 'CREATE TABLE a ();\nCREATE TABLE b ();\n', checksum: '' };
  const windows = { ...unix, sql: unix.sql.replaceAll('\n', '\r\n') };
  unix.checksum = migrationChecksum(unix.sql);
  windows.checksum = migrationChecksum(windows.sql);

  it('accepts the same file with its line endings converted either way, like Prisma', () => {
    expect(checksumMatches(unix, windows.checksum)).toBe(true);
    expect(checksumMatches(windows, unix.checksum)).toBe(true);
  });

  it('rejects any other change', () => {
    expect(checksumMatches(unix, migrationChecksum(`${unix.sql}-- edited\n`))).toBe(false);
    expect(checksumMatches(unix, migrationChecksum(unix.sql.trimEnd()))).toBe(false);
  });
});
