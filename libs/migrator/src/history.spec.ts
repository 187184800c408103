import {
  FailedMigrationPresentError,
  MigrationChecksumMismatchError,
  MigrationMissingLocallyError,
} from './errors';
import { AppliedMigrationRow, compareHistory } from './history';
import { Migration, migrationChecksum } from './migrations';

const migration = (name: string, sql = `-- ${name}`): Migration => ({ name, sql, checksum: migrationChecksum(sql) });
const [first, second, third] = [migration('0001_a'), migration('0002_b'), migration('0003_c')];

const row = (m: Migration, overrides: Partial<AppliedMigrationRow> = {}): AppliedMigrationRow => ({
  migration_name: m.name,
  checksum: m.checksum,
  finished_at: new Date('2026-11-21T10:00:00Z'),
  rolled_back_at: null,
  logs: null,
  ...overrides,
});

describe('compareHistory', () => {
  it('splits the files into applied and pending, in file order', () => {
    const history = compareHistory([first, second, third], [row(second), row(first)]);

    expect(history).toEqual({ applied: ['0001_a', '0002_b'], pending: [third], problems: [] });
  });

  it('treats a rolled-back row as not applied, so the migration runs again', () => {
    const rolledBack = row(second, { finished_at: null, rolled_back_at: new Date(), logs: 'boom' });

    const history = compareHistory([first, second], [row(first), rolledBack]);

    expect(history).toEqual({ applied: ['0001_a'], pending: [second], problems: [] });
  });

  it('reports an unfinished row as a failed migration (P3009), neither applied nor pending', () => {
    const history = compareHistory([first, second], [row(first), row(second, { finished_at: null, logs: 'boom' })]);

    expect(history.applied).toEqual(['0001_a']);
    expect(history.pending).toEqual([]);
    expect(history.problems).toEqual([expect.any(FailedMigrationPresentError)]);
    expect(history.problems[0]).toMatchObject({ migrationName: '0002_b', message: expect.stringContaining('boom') });
  });

  it('reports edited and missing migrations by name', () => {
    const edited = { ...first, sql: `${first.sql}\n-- edited`, checksum: migrationChecksum(`${first.sql}\n-- edited`) };

    const { problems } = compareHistory([edited], [row(first), row(second)]);

    expect(problems).toEqual([expect.any(MigrationChecksumMismatchError), expect.any(MigrationMissingLocallyError)]);
    expect(problems.map((p) => p.migrationName)).toEqual(['0001_a', '0002_b']);
  });
});
