// Asks the official Prisma CLI how a live database differs from a Prisma schema.
//
// Our CLI configs (prisma/<db>/prisma.config.ts) use `engine: 'js'` with @prisma/adapter-pg so the
// CLI never downloads a native engine. In Prisma 6.19 that mode refuses `migrate diff
// --from-schema-datasource` and `--from-url` ("not supported when defining an adapter"), and
// `--from-config-datasource` only arrives in Prisma 7. What does work through the adapter is
// introspection, so the diff is taken in two steps:
//   1. `prisma db pull --schema <copy of schema.prisma>`  rewrites the copy from the live database;
//   2. `prisma migrate diff --from-schema-datamodel <copy> --to-schema-datamodel schema.prisma --script`.
// (Introspection needs prisma/cli-adapter.ts, which works around the adapter's catalog types.)
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export type PrismaDatabase = 'central' | 'tenant';

const DATABASE_URL_ENV: Record<PrismaDatabase, string> = {
  central: 'CENTRAL_DATABASE_URL',
  tenant: 'TENANT_DATABASE_URL',
};

const EMPTY_DIFF = '-- This is an empty migration.';

/** True when `migrate diff --script` found nothing to change. */
export function isEmptyDiff(sql: string): boolean {
  const trimmed = sql.trim();
  return trimmed === '' || trimmed === EMPTY_DIFF;
}

/** The repository root: the folder that holds prisma/central and prisma/tenant. */
export function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'prisma', 'central', 'prisma.config.ts'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No prisma/central/prisma.config.ts above ${__dirname}`);
  }
}

/**
 * The SQL that would bring the database at `databaseUrl` to `prisma/<db>/schema.prisma`
 * (see `isEmptyDiff`). Runs the local Prisma CLI twice; takes a couple of seconds.
 */
export async function schemaDiffAgainst(databaseUrl: string, db: PrismaDatabase): Promise<string> {
  return withWorkDir(async (workDir) => {
    const liveSchema = path.join(workDir, 'live.prisma');
    await copyFile(schemaPath(db), liveSchema);
    try {
      await runPrismaCli(db, databaseUrl, ['db', 'pull', '--schema', liveSchema]);
    } catch (error) {
      // P4001: nothing to introspect. An empty database differs from the schema by all of it.
      if (!(error instanceof Error && error.message.includes('P4001'))) throw error;
      return diffToSchema(db, databaseUrl, workDir, ['--from-empty']);
    }
    return diffToSchema(db, databaseUrl, workDir, ['--from-schema-datamodel', liveSchema]);
  });
}

/**
 * `prisma migrate diff --from-empty --to-schema-datamodel`: the SQL that creates the whole schema.
 * The CLI's adapter insists on connecting, so `serverUrl` must name any reachable database; it is not read.
 */
export async function schemaCreationScript(serverUrl: string, db: PrismaDatabase): Promise<string> {
  return withWorkDir((workDir) => diffToSchema(db, serverUrl, workDir, ['--from-empty']));
}

function schemaPath(db: PrismaDatabase): string {
  return path.join(repositoryRoot(), 'prisma', db, 'schema.prisma');
}

async function diffToSchema(db: PrismaDatabase, databaseUrl: string, workDir: string, from: string[]): Promise<string> {
  // --output keeps the SQL apart from anything the CLI prints.
  const output = path.join(workDir, 'diff.sql');
  await runPrismaCli(db, databaseUrl, [
    'migrate', 'diff', ...from, '--to-schema-datamodel', schemaPath(db), '--script', '--output', output,
  ]);
  return readFile(output, 'utf8');
}

async function withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nova-prisma-cli-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const execFileAsync = promisify(execFile);

/** Runs the local Prisma CLI with prisma/<db>/prisma.config.ts against `databaseUrl`; resolves to its stdout. */
export async function runPrismaCli(db: PrismaDatabase, databaseUrl: string, args: string[]): Promise<string> {
  const root = repositoryRoot();
  // The locally installed CLI, run directly: what `npx prisma` would run, without npm in between.
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  const config = path.join(root, 'prisma', db, 'prisma.config.ts');
  const env = {
    ...process.env,
    // The adapter connects here; the schema's datasource URL is only echoed in the CLI's messages.
    PRISMA_CLI_DATABASE_URL: databaseUrl,
    [DATABASE_URL_ENV[db]]: databaseUrl,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  };
  try {
    const { stdout } = await execFileAsync(process.execPath, [cli, ...args, '--config', config], { cwd: root, env });
    return stdout;
  } catch (error) {
    // The CLI prints its error on stderr or stdout depending on the command: keep both.
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    const output = [stderr, stdout].filter(Boolean).join('\n').trim() || String(error);
    throw new Error(`prisma ${args.slice(0, 2).join(' ')} failed: ${output}`, { cause: error });
  }
}
