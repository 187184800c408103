// What every benchmark shares: its own database names (never a real installation's), a fresh
// migrated central database, provisioning many tenants quickly, and cleanup.
import { Client } from 'pg';
import { AppConfig, loadConfig } from '@nova/config';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { mapWithConcurrency } from '@nova/common';

process.env.LOG_LEVEL ??= 'silent';

export const PG_SERVER_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
/** Database names of a bench run; BENCH_DB_PREFIX gives parallel runs on one server names of their own. */
export const BENCH_DB_PREFIX = process.env.BENCH_DB_PREFIX ?? 'nbbench_';
export const CENTRAL_BENCH_DB = `${BENCH_DB_PREFIX}central`;
export const TENANT_BENCH_PREFIX = `${BENCH_DB_PREFIX}t_`;

/**
 * PostgreSQL's max_connections (100) is shared with other users of this machine, so every
 * benchmark keeps its tenant connections at or under this many, and prints it.
 */
export const TENANT_CONNECTION_BUDGET = 60;

export function benchEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    CENTRAL_DATABASE_URL: `${PG_SERVER_URL}/${CENTRAL_BENCH_DB}`,
    CENTRAL_DB_POOL_MAX: '4',
    TENANT_DB_SERVERS: `main=${PG_SERVER_URL}`,
    TENANT_DB_PREFIX: TENANT_BENCH_PREFIX,
    TENANT_DB_POOL_MAX: '1',
    TENANT_DB_CLIENT_CACHE_MAX: String(TENANT_CONNECTION_BUDGET),
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `nbbench-${process.pid}`,
    // The benchmarks measure the API's cost per request, not the per-tenant budgets (README: Rate limits).
    RATE_LIMIT_ENABLED: 'false',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
    API_KEY_CACHE_TTL_MS: '60000',
    ENCRYPTION_KEY: 'b3e1f0c9a7b3d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1',
    TENANT_MIGRATIONS_DIR: `${process.cwd()}/prisma/tenant/migrations`,
    // The worker's metrics/health listener on a free port: 9464 may be taken on a shared machine.
    WORKER_HTTP_PORT: '0',
    ...overrides,
  };
}

export function benchConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(benchEnv(overrides));
}

async function onServer<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: `${PG_SERVER_URL}/postgres`, application_name: 'nbbench-admin' });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Drops the central bench database and every bench tenant database, a few at a time. */
export async function dropBenchDatabases(): Promise<void> {
  const names = await onServer(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [CENTRAL_BENCH_DB, `${TENANT_BENCH_PREFIX}%`]);
    return rows.map((row) => row.datname);
  });
  await createOrDropDatabases(names, 'DROP');
}

/** CREATE or DROP many databases with a few admin connections (PostgreSQL serialises much of it anyway). */
export async function createOrDropDatabases(names: readonly string[], action: 'CREATE' | 'DROP', concurrency = 6): Promise<void> {
  const lanes = Array.from({ length: Math.min(concurrency, names.length) }, (_, lane) => names.filter((_, index) => index % concurrency === lane));
  await Promise.all(
    lanes.map((lane) =>
      onServer(async (admin) => {
        for (const name of lane) await admin.query(action === 'CREATE' ? `CREATE DATABASE "${name}"` : `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
    ),
  );
}

/** A clean slate: no bench databases left from an earlier (crashed) run, and a migrated central DB. */
export async function freshCentralDatabase(): Promise<void> {
  await dropBenchDatabases();
  await onServer((admin) => admin.query(`CREATE DATABASE "${CENTRAL_BENCH_DB}"`));
  await migrateDatabase(`${PG_SERVER_URL}/${CENTRAL_BENCH_DB}`, await loadMigrations(`${process.cwd()}/prisma/central/migrations`));
}

export { mapWithConcurrency };

/** Runs `work` and returns its result with the elapsed wall-clock seconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - started) / 1000 };
}

export const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function heading(title: string): void {
  console.log(`\n=== ${title} ===`);
}
