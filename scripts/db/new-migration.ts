// Writes the next migration for a database from the change you made to its schema.prisma.
//
//   node -r @swc-node/register scripts/db/new-migration.ts <central|tenant> <snake_case_name>
//
// Builds a scratch database from the existing migrations, asks the Prisma CLI for the SQL that
// takes it to schema.prisma, and saves that as prisma/<db>/migrations/<UTC timestamp>_<name>/.
// Review the SQL before committing it. Environment: SCRATCH_DATABASE_SERVER_URL (a database on the
// server to create the scratch database from, default postgres on 127.0.0.1) and
// SCRATCH_DATABASE_PREFIX (default `nova_scratch_`).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createScratchDatabase,
  isEmptyDiff,
  loadMigrations,
  migrateDatabase,
  PrismaDatabase,
  repositoryRoot,
  schemaDiffAgainst,
} from '@nova/migrator';

const USAGE = 'usage: new-migration.ts <central|tenant> <snake_case_name>';

function parseArguments(args: string[]): { db: PrismaDatabase; name: string } {
  const [db, name] = args;
  if (db !== 'central' && db !== 'tenant') {
    throw new Error(`database must be central or tenant, got "${db ?? ''}"\n${USAGE}`);
  }
  if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new Error(`name must be snake_case, got "${name ?? ''}"\n${USAGE}`);
  }
  return { db, name };
}

/** YYYYMMDDHHMMSS in UTC, the prefix Prisma gives migration folders. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

async function main(): Promise<void> {
  const { db, name } = parseArguments(process.argv.slice(2));
  const migrationsDir = path.join(repositoryRoot(), 'prisma', db, 'migrations');
  const migrations = await loadMigrations(migrationsDir);
  const folder = `${utcTimestamp(new Date())}_${name}`;
  const latest = migrations.at(-1)?.name;
  if (latest !== undefined && folder <= latest) {
    throw new Error(`${folder} would not sort after the latest migration ${latest}; it would run out of order`);
  }

  const scratch = await createScratchDatabase(
    process.env.SCRATCH_DATABASE_SERVER_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    process.env.SCRATCH_DATABASE_PREFIX ?? 'nova_scratch_',
  );
  try {
    await migrateDatabase(scratch.url, migrations);
    const sql = await schemaDiffAgainst(scratch.url, db);
    if (isEmptyDiff(sql)) {
      throw new Error(`prisma/${db}/schema.prisma already matches its migrations: nothing to write`);
    }

    const file = path.join(migrationsDir, folder, 'migration.sql');
    await mkdir(path.dirname(file));
    await writeFile(file, sql, { flag: 'wx' });
    console.log(`Wrote ${path.relative(repositoryRoot(), file)}:\n\n${sql}`);
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
