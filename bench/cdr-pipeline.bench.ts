// The CDR pipeline end to end on one tenant database: ingest (set-based INSERT … ON CONFLICT in
// batches of 10,000, as POST /api/cdrs/batch stores them) → rate (the worker's set-based batches:
// claim FOR UPDATE SKIP LOCKED, rate in memory with the compiled plan, one UPDATE FROM unnest,
// prepaid debits in the same transaction) → stored. Baseline, same run, same rows: a raw
// PostgreSQL COPY (psql \copy) of the CDR columns into an unindexed table.
//
//   CDR_BENCH_COUNT=1000000 node -r @swc-node/register bench/cdr-pipeline.bench.ts
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { parseRateDeck, rateDeckToPlanData } from '@nova/rating';
import { CompiledPlanCache, NewCdr, insertRatePlan, ratePendingCdrs, replacePlanRows, storeCdrs } from '@nova/telecom';
import { syntheticCdrs, syntheticDeck } from '../libs/rating/src/testing/synthetic-traffic';
import { PG_SERVER_URL, fmt, heading, mapWithConcurrency, timed } from './support/bench-env';

const CDR_COUNT = Number(process.env.CDR_BENCH_COUNT ?? 1_000_000);
const PREFIXES = 50_000;
const ACCOUNTS = 200;
const INGEST_BATCH = 10_000;
const RATING_BATCH = Number(process.env.CDR_RATING_BATCH_SIZE ?? 10_000);
const DB_NAME = `nbtel2_bench_${randomBytes(4).toString('hex')}`;

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

async function main(): Promise<void> {
  heading(`CDR pipeline: ${fmt(CDR_COUNT)} CDRs over a ${fmt(PREFIXES)}-prefix deck (${cpus().length} CPUs)`);
  await admin((client) => client.query(`CREATE DATABASE "${DB_NAME}"`));
  const url = `${PG_SERVER_URL}/${DB_NAME}`;
  await migrateDatabase(url, await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`));
  const pool = new Pool({ connectionString: url, max: 3 });
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

    const plans = new CompiledPlanCache();
    const batches = Array.from({ length: Math.ceil(CDR_COUNT / INGEST_BATCH) }, (_, i) => cdrs.slice(i * INGEST_BATCH, (i + 1) * INGEST_BATCH));
    const ingest = await timed(() => mapWithConcurrency(batches, 2, (batch) => storeCdrs(pool, batch)));
    const rating = await timed(() => ratePendingCdrs(pool, (client, id) => plans.get('bench', client, id), RATING_BATCH));
    const duplicates = await timed(() => mapWithConcurrency(batches.slice(0, 10), 2, (batch) => storeCdrs(pool, batch)));

    const total = ingest.seconds + rating.seconds;
    const { rows } = await pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM cdrs GROUP BY status ORDER BY status');
    console.log(`stored: ${rows.map((row) => `${row.status} ${fmt(row.n)}`).join(', ')}; rated ${fmt(rating.result.rated)}, unratable ${fmt(rating.result.unratable)}`);
    console.log(`ingest (INSERT … ON CONFLICT, 10k batches, 2 lanes): ${fmt(ingest.seconds, 2)} s = ${fmt(CDR_COUNT / ingest.seconds)} CDRs/s`);
    console.log(`rating (claim, rate, UPDATE FROM unnest, debit; ${fmt(RATING_BATCH)}/batch): ${fmt(rating.seconds, 2)} s = ${fmt(CDR_COUNT / rating.seconds)} CDRs/s`);
    console.log(`pipeline end to end (ingest → rated → stored): ${fmt(total, 2)} s = ${fmt(CDR_COUNT / total)} CDRs/s`);
    console.log(`baseline raw COPY of the same rows: ${fmt(copy.seconds, 2)} s = ${fmt(CDR_COUNT / copy.seconds)} CDRs/s`);
    console.log(`pipeline / COPY: ${fmt(copy.seconds / total, 2)}× the COPY rate`);
    const { rows: writes } = await pool.query<{ updates: string; hot: string }>(`SELECT n_tup_upd AS updates, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'cdrs'`);
    console.log(`cdrs updates that were HOT (no index entries written): ${fmt(Number(writes[0]!.hot))} of ${fmt(Number(writes[0]!.updates))}`);
    console.log(`re-sent 100k duplicates: ${fmt(duplicates.seconds, 2)} s, accepted ${duplicates.result.reduce((sum, r) => sum + r.accepted, 0)}`);
  } finally {
    await pool.end();
    rmSync(csvPath, { force: true });
    await admin((client) => client.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
