// The CDR pipeline end to end on one tenant database, as production runs it: the API side stores
// CDRs (set-based INSERT … ON CONFLICT in batches of 10,000, as POST /api/cdrs/batch does, 2 requests
// at a time) while the worker side rates them (RATING_CONCURRENCY lanes of set-based batches: claim
// FOR UPDATE SKIP LOCKED, rate in memory with the compiled plan, one UPDATE FROM unnest, prepaid
// debits in the same transaction). End to end = from the first CDR sent to the last one rated and
// stored. CDR_BENCH_SEQUENTIAL=1 instead runs the stages one after the other (each stage's own
// capacity). Baseline, same run, same rows: a raw PostgreSQL COPY (psql \copy) of the CDR columns
// into an unindexed table.
//
//   CDR_BENCH_COUNT=1000000 node -r @swc-node/register bench/cdr-pipeline.bench.ts
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { parseRateDeck, rateDeckToPlanData } from '@nova/rating';
import { CompiledPlanCache, NewCdr, RatingPlanSource, insertRatePlan, ratePendingCdrs, replacePlanRows, storeCdrs } from '@nova/telecom';
import { syntheticCdrs, syntheticDeck } from '../libs/rating/src/testing/synthetic-traffic';
import { PG_SERVER_URL, fmt, heading, mapWithConcurrency, timed } from './support/bench-env';

const CDR_COUNT = Number(process.env.CDR_BENCH_COUNT ?? 1_000_000);
const PREFIXES = 50_000;
const ACCOUNTS = 200;
const INGEST_BATCH = 10_000;
const RATING_BATCH = Number(process.env.CDR_RATING_BATCH_SIZE ?? 10_000);
const INGEST_LANES = 2;
const RATING_LANES = Number(process.env.RATING_CONCURRENCY ?? 2);
const SEQUENTIAL = process.env.CDR_BENCH_SEQUENTIAL === '1';
const DB_NAME = `nbtel4_bench_${randomBytes(4).toString('hex')}`;

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** 200 subscriptions with telecom accounts (half prepaid with ample credit), one number each. */
async function seedAccounts(pool: Pool, planId: string): Promise<string[]> {
  await pool.query(`INSERT INTO customers (id, name, email, updated_at) VALUES ('00000000-0000-0000-0000-000000000001', 'Bench', 'bench@example.test', now())`);
  await pool.query(`INSERT INTO plans (id, code, name, updated_at) VALUES ('00000000-0000-0000-0000-000000000002', 'voice', 'Voice', now())`);
  await pool.query(`INSERT INTO prices (id, plan_id, currency, unit_amount, interval) VALUES ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000002', 'USD', 0, 'month')`);
  await pool.query(
    `WITH s AS (
       INSERT INTO subscriptions (id, customer_id, price_id, status, billing_anchor, current_period_start, current_period_end, updated_at)
       SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000003', 'active', '2026-03-01', '2026-03-01', '2026-04-01', now()
         FROM generate_series(1, $1) RETURNING id),
     a AS (
       INSERT INTO telecom_accounts (id, subscription_id, customer_id, rate_plan_id, kind, currency, balance_nanos, updated_at)
       SELECT gen_random_uuid(), s.id, '00000000-0000-0000-0000-000000000001', $2,
              (CASE WHEN row_number() OVER () % 2 = 0 THEN 'prepaid' ELSE 'postpaid' END)::"TelecomAccountKind", 'USD', 1000000000000000000, now()
         FROM s RETURNING id)
     INSERT INTO dids (id, number, account_id, assigned_at) SELECT gen_random_uuid(), (254700000000 + row_number() OVER ())::text, a.id, now() FROM a`,
    [ACCOUNTS, planId],
  );
  return (await pool.query<{ number: string }>('SELECT number FROM dids ORDER BY number')).rows.map((row) => row.number);
}

/**
 * The worker side: `lanes` rating loops sharing the queue (SKIP LOCKED). A loop that finds the queue
 * empty waits a little and looks again, until `ingestionOver` and a pass that started after it has
 * drained the queue. Resolves with the number of CDRs rated and left unratable.
 */
async function rateUntilDrained(pool: Pool, plans: RatingPlanSource, lanes: number, ingestionOver: () => boolean): Promise<{ rated: number; unratable: number }> {
  const total = { rated: 0, unratable: 0 };
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (;;) {
        const last = ingestionOver();
        const batch = await ratePendingCdrs(pool, plans, RATING_BATCH);
        total.rated += batch.rated;
        total.unratable += batch.unratable;
        if (last) return;
        if (batch.claimed === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }),
  );
  return total;
}

/**
 * CPU seconds used so far by this process and by the PostgreSQL backends serving this database
 * (from /proc: this machine's 2 cores are shared, so CPU per CDR is steadier than wall time).
 */
async function cpuSeconds(pool: Pool): Promise<{ node: number; postgres: Map<number, number> }> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()');
  const ticksPerSecond = 100;
  const postgres = new Map<number, number>();
  for (const { pid } of rows) {
    // Fields 14 and 15 (utime, stime) follow the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    postgres.set(pid, (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
  }
  const usage = process.cpuUsage();
  return { node: (usage.user + usage.system) / 1e6, postgres };
}

function cpuUsedBetween(before: Awaited<ReturnType<typeof cpuSeconds>>, after: Awaited<ReturnType<typeof cpuSeconds>>): { node: number; postgres: number } {
  let postgres = 0;
  for (const [pid, seconds] of after.postgres) postgres += seconds - (before.postgres.get(pid) ?? 0);
  return { node: after.node - before.node, postgres };
}

async function main(): Promise<void> {
  heading(`CDR pipeline: ${fmt(CDR_COUNT)} CDRs over a ${fmt(PREFIXES)}-prefix deck (${cpus().length} CPUs)`);
  await admin((client) => client.query(`CREATE DATABASE "${DB_NAME}"`));
  const url = `${PG_SERVER_URL}/${DB_NAME}`;
  await migrateDatabase(url, await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`));
  // Two small pools, as the API and the worker processes each have their own. Idle connections stay
  // open: their backends' CPU is read at the end (see cpuSeconds).
  const pool = new Pool({ connectionString: url, max: INGEST_LANES, idleTimeoutMillis: 0 });
  const workerPool = new Pool({ connectionString: url, max: RATING_LANES, idleTimeoutMillis: 0 });
  const csvPath = join(tmpdir(), `${DB_NAME}.csv`);
  try {
    const options = { prefixes: PREFIXES, seed: 11, timezone: 'Africa/Lagos', windowStart: '2026-03-02', windowDays: 28 };
    const deck = syntheticDeck(options);
    const planId = '00000000-0000-0000-0000-0000000000aa';
    const imported = await timed(async () => {
      const { rows } = await parseRateDeck(deck.csv);
      const { data } = rateDeckToPlanData(rows, { ...deck.settings, id: planId });
      await inTransaction(pool, async (client) => {
        await insertRatePlan(client, planId, { name: 'bench', currency: 'USD', timezone: options.timezone, rounding: deck.settings.rounding, timings: [...(deck.settings.timings ?? [])], bundles: [] });
        await replacePlanRows(client, planId, data.destinations, data.rates);
      });
      return rows.length;
    });
    console.log(`deck import: ${fmt(imported.result)} lines (${fmt(PREFIXES)} prefixes) parsed, compiled-checked and stored in ${fmt(imported.seconds, 2)} s`);

    const numbers = await seedAccounts(pool, planId);
    const traffic = syntheticCdrs(deck, { ...options, count: CDR_COUNT, cdrSeed: 5 });
    const cdrs: NewCdr[] = Array.from({ length: CDR_COUNT }, (_, i) => ({
      switchId: `sw-${i}`,
      callerNumber: numbers[i % numbers.length]!,
      calledNumber: traffic.numbers[i]!,
      startedAt: new Date(traffic.startedAtMs[i]!),
      durationMs: Math.round(traffic.durationSeconds[i]! * 1000),
    }));

    // Baseline: the same rows, raw COPY into an unindexed table with the same columns.
    writeFileSync(csvPath, cdrs.map((c) => `${c.switchId},${c.callerNumber},${c.calledNumber},${c.startedAt.toISOString()},${c.durationMs}`).join('\n'));
    await pool.query('CREATE TABLE cdrs_copy (switch_id text, caller_number text, called_number text, started_at timestamptz, duration_ms int)');
    const copy = await timed(async () => execFileSync('psql', [url, '-qc', `\\copy cdrs_copy FROM '${csvPath}' CSV`]));

    const plans = new CompiledPlanCache(64);
    const planSource: RatingPlanSource = (client, id) => plans.get('bench', client, id);
    const batches = Array.from({ length: Math.ceil(CDR_COUNT / INGEST_BATCH) }, (_, i) => cdrs.slice(i * INGEST_BATCH, (i + 1) * INGEST_BATCH));
    let ingestionOver = false;
    const cpuBefore = await cpuSeconds(pool);
    const started = performance.now();
    const ingestion = timed(async () => {
      await mapWithConcurrency(batches, INGEST_LANES, (batch) => storeCdrs(pool, batch));
      ingestionOver = true;
    });
    if (SEQUENTIAL) await ingestion;
    const rating = await timed(() => rateUntilDrained(workerPool, planSource, RATING_LANES, () => ingestionOver));
    const ingest = await ingestion;
    const total = (performance.now() - started) / 1000;
    const cpu = cpuUsedBetween(cpuBefore, await cpuSeconds(pool));
    const duplicates = await timed(() => mapWithConcurrency(batches.slice(0, 10), INGEST_LANES, (batch) => storeCdrs(pool, batch)));

    const { rows } = await pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM cdrs GROUP BY status ORDER BY status');
    console.log(`stored: ${rows.map((row) => `${row.status} ${fmt(row.n)}`).join(', ')}; rated ${fmt(rating.result.rated)}, unratable ${fmt(rating.result.unratable)}`);
    const mode = SEQUENTIAL ? 'stages one after the other' : 'rating while ingesting';
    console.log(`mode: ${mode}; ${INGEST_LANES} ingest lanes (10k CDRs per request), ${RATING_LANES} rating lanes (${fmt(RATING_BATCH)} per batch)`);
    console.log(`ingest (INSERT … ON CONFLICT): all stored after ${fmt(ingest.seconds, 2)} s = ${fmt(CDR_COUNT / ingest.seconds)} CDRs/s`);
    console.log(`rating (claim, rate, UPDATE FROM unnest, debit): ${fmt(rating.seconds, 2)} s${SEQUENTIAL ? ` = ${fmt(CDR_COUNT / rating.seconds)} CDRs/s` : ' (running alongside ingest)'}`);
    console.log(`pipeline end to end (first CDR sent → last CDR rated and stored): ${fmt(total, 2)} s = ${fmt(CDR_COUNT / total)} CDRs/s`);
    console.log(
      `CPU used by the pipeline: node ${fmt(cpu.node, 1)} s + PostgreSQL backends ${fmt(cpu.postgres, 1)} s = ${fmt(((cpu.node + cpu.postgres) / CDR_COUNT) * 1e6, 1)} µs per CDR ` +
        `(${fmt((cpu.node + cpu.postgres) / total, 2)} of ${cpus().length} cores busy on average)`,
    );
    console.log(`baseline raw COPY of the same rows: ${fmt(copy.seconds, 2)} s = ${fmt(CDR_COUNT / copy.seconds)} CDRs/s`);
    console.log(`pipeline / COPY: ${fmt(copy.seconds / total, 2)}× the COPY rate`);
    const { rows: writes } = await pool.query<{ updates: string; hot: string }>(`SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'cdrs'`);
    console.log(`cdrs updates that were HOT (no index entries written): ${fmt(Number(writes[0]!.hot))} of ${fmt(Number(writes[0]!.updates))}`);
    console.log(`re-sent 100k duplicates: ${fmt(duplicates.seconds, 2)} s, accepted ${duplicates.result.reduce((sum, r) => sum + r.accepted, 0)}`);
  } finally {
    await pool.end();
    await workerPool.end();
    rmSync(csvPath, { force: true });
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
