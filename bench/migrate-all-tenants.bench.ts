// `npm run migrate:all-tenants` over many empty tenant databases (first run: everything pending;
// second run: everything up to date), against applying the same migration.sql with a plain pg
// client and no bookkeeping.
// Usage: node -r @swc-node/register bench/migrate-all-tenants.bench.ts
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { loadMigrations } from '@nova/migrator';
import { migrateAllTenants } from '../scripts/migrate-all-tenants';
import { benchEnv, CENTRAL_BENCH_DB, createOrDropDatabases, dropBenchDatabases, fmt, freshCentralDatabase, heading, mapWithConcurrency, PG_SERVER_URL, TENANT_BENCH_PREFIX, timed } from './support/bench-env';

/** A fleet, measured rather than extrapolated (issue 11: 200 databases projected half of what 1,000 took). MIGRATE_BENCH_TENANTS overrides. */
const TENANTS = Number(process.env.MIGRATE_BENCH_TENANTS ?? 1_000);
const CONCURRENCY = 8;

async function registerTenants(dbNames: readonly string[]): Promise<void> {
  const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_BENCH_DB}` });
  await central.connect();
  try {
    await central.query(
      `INSERT INTO tenants (id, slug, name, status, db_server, db_name, activated_at, updated_at)
       SELECT u.id, 'bench-' || u.n, 'Bench ' || u.n, 'active', 'main', u.db_name, now(), now()
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS u(id, db_name, n)`,
      [dbNames.map((name) => name.slice(TENANT_BENCH_PREFIX.length).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')), dbNames],
    );
  } finally {
    await central.end();
  }
}

/** The baseline: each migration's SQL sent as one simple query, no history table, no lock. */
async function applyPlainSql(dbNames: readonly string[], scripts: readonly string[]): Promise<void> {
  await mapWithConcurrency(dbNames, CONCURRENCY, async (dbName) => {
    const client = new Client({ connectionString: `${PG_SERVER_URL}/${dbName}` });
    await client.connect();
    try {
      for (const script of scripts) await client.query(script);
    } finally {
      await client.end();
    }
  });
}

function report(label: string, seconds: number, baselineSeconds?: number): void {
  const perSecond = TENANTS / seconds;
  const ratio = baselineSeconds === undefined ? '' : `  = ${(seconds / baselineSeconds).toFixed(2)}× baseline time`;
  console.log(`${label.padEnd(44)} ${fmt(seconds, 2).padStart(6)} s  ${fmt(perSecond, 1).padStart(6)} DB/s${ratio}`);
}

export async function benchMigrateAllTenants(): Promise<void> {
  heading(`migrate:all-tenants over ${TENANTS} tenant databases (concurrency ${CONCURRENCY})`);
  console.log(`connection budget: ${CONCURRENCY} tenant connections at a time (+1 central, +6 admin while creating databases)`);
  await freshCentralDatabase();
  try {
    const dbNames = Array.from({ length: TENANTS }, () => `${TENANT_BENCH_PREFIX}${randomUUID().replace(/-/g, '')}`);
    const created = await timed(() => createOrDropDatabases(dbNames, 'CREATE'));
    console.log(`created ${TENANTS} empty databases in ${created.seconds.toFixed(1)} s (6 in parallel; not part of the figures below)`);
    await registerTenants(dbNames);

    const failures: string[] = [];
    const keepFailures = (line: string) => line.startsWith('FAIL') && failures.push(line);
    const first = await timed(() => migrateAllTenants(benchEnv(), CONCURRENCY, keepFailures));
    const second = await timed(() => migrateAllTenants(benchEnv(), CONCURRENCY, keepFailures));
    if (first.result.ok !== TENANTS || second.result.ok !== TENANTS) throw new Error(`migrate-all-tenants failed:\n${failures.join('\n')}`);

    // The baseline needs empty databases again.
    await createOrDropDatabases(dbNames, 'DROP');
    await createOrDropDatabases(dbNames, 'CREATE');
    const scripts = (await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`)).map((migration) => migration.sql);
    const baseline = await timed(() => applyPlainSql(dbNames, scripts));

    report('baseline: plain pg, migration.sql only', baseline.seconds);
    report('migrateAllTenants, all pending', first.seconds, baseline.seconds);
    report('migrateAllTenants, all up to date', second.seconds, baseline.seconds);
    const per1000 = (first.seconds / TENANTS) * 1_000;
    console.log(`target < 60 s for 1,000 databases (all pending): ${per1000 < 60 ? 'met' : 'MISSED'} (${per1000.toFixed(1)} s per 1,000, measured on ${fmt(TENANTS)})`);
  } finally {
    await dropBenchDatabases();
  }
}

if (require.main === module) {
  benchMigrateAllTenants().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
