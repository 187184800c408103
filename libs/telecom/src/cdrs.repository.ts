// CDRs and their rating queue (cdrs, cdr_rating_queue): all their SQL, raw pg (tables of
// millions of rows: set-based statements, keyset pages, a server-side cursor for exports).
import { nanosToMinorUnits } from './prepaid-balance';
import type { Pool, PoolClient } from 'pg';
import { Readable } from 'node:stream';
import { booleanArrayLiteral, csvTextCell, type Keyset, type KeysetWindow, keysetSql, numberArrayLiteral, type Queryable, textArrayLiteral } from '@nova/common';
import { formatNanos, normalizeNumber } from '@nova/rating';
import type { BundleConsumption } from './bundle-consumption';
import type { NewCdr } from './cdr-input';

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores CDRs as pending and queues them for rating (one queue row holding the batch's new ids), in
 * one statement (INSERT … SELECT FROM unnest).
 * The switch's id is unique, so a re-sent CDR (or a duplicate inside the batch) is skipped and
 * counted as a duplicate. The caller's account is resolved now, from the number inventory: rating
 * then rewrites no indexed column (subscription_id stays) and its UPDATE is HOT; a number assigned
 * later is picked up when the CDR is rated again.
 */
export async function storeCdrs(pool: Queryable, cdrs: readonly NewCdr[]): Promise<IngestResult> {
  if (cdrs.length === 0) return { accepted: 0, duplicates: 0 };
  const { rows } = await pool.query<{ accepted: number }>(
    `WITH stored AS (
       INSERT INTO cdrs (switch_id, caller_number, called_number, started_at, duration_ms, account_id, subscription_id)
       SELECT u.switch_id, u.caller_number, u.called_number, to_timestamp(u.started_ms / 1000.0), u.duration_ms, a.id, a.subscription_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int[]) AS u(switch_id, caller_number, called_number, started_ms, duration_ms)
         LEFT JOIN dids d ON d.number = u.caller_number
         LEFT JOIN telecom_accounts a ON a.id = d.account_id
       ON CONFLICT (switch_id) DO NOTHING
       RETURNING id),
     queued AS (INSERT INTO cdr_rating_queue (cdr_ids, cdr_count) SELECT array_agg(id), count(*) FROM stored HAVING count(*) > 0)
     SELECT count(*)::int AS accepted FROM stored`,
    [
      textArrayLiteral(cdrs.map((c) => c.switchId)),
      textArrayLiteral(cdrs.map((c) => c.callerNumber)),
      textArrayLiteral(cdrs.map((c) => c.calledNumber)),
      numberArrayLiteral(cdrs.map((c) => c.startedAt.getTime())),
      numberArrayLiteral(cdrs.map((c) => c.durationMs)),
    ],
  );
  const accepted = rows[0]!.accepted;
  return { accepted, duplicates: cdrs.length - accepted };
}

/** CDR ids per rating-queue row when re-queuing: a retry of millions of CDRs still rates in batches. */
const QUEUE_ROW_CDRS = 10_000;

/**
 * Sends unbilled CDRs matching `condition` (SQL on alias `c`, parameters $1…) back to rating: marks
 * them pending and queues them. Billed CDRs stay as invoiced. Returns how many were sent back.
 */
async function requeueCdrs(pool: Queryable, condition: string, values: readonly unknown[]): Promise<number> {
  const { rows } = await pool.query<{ requeued: number }>(
    `WITH requeued AS (UPDATE cdrs c SET status = 'pending' WHERE (${condition}) AND c.invoice_id IS NULL RETURNING c.id),
          queued AS (INSERT INTO cdr_rating_queue (cdr_ids, cdr_count)
                     SELECT array_agg(id), count(*) FROM (SELECT id, (row_number() OVER () - 1) / ${QUEUE_ROW_CDRS} AS chunk FROM requeued) r GROUP BY chunk)
     SELECT count(*)::int AS requeued FROM requeued`,
    values as unknown[],
  );
  return rows[0]!.requeued;
}

/** Sends one unbilled CDR back to rating; 0 when it is billed (or does not exist). */
export function requeueCdr(db: Queryable, id: string): Promise<number> {
  return requeueCdrs(db, 'c.id = $1', [id]);
}

/** Sends every unbilled, already rated (or unratable) CDR matching the filter back to rating. */
export function requeueMatchingCdrs(db: Queryable, filter: CdrFilter): Promise<number> {
  const { where, values } = cdrFilter(filter);
  return requeueCdrs(db, `${where} AND c.status <> 'pending'`, values);
}

/**
 * A claimed CDR, read as an array row (rowMode 'array': no object built per row). The applied
 * account and cost are those of an earlier rating (re-rating), else null and "0"; the applied
 * bundle seconds count only in the billing period they were taken in (applied rated at).
 */
export type ClaimedCdr = [
  id: string,
  accountId: string | null,
  appliedAccountId: string | null,
  calledNumber: string,
  startedMs: number,
  durationMs: number,
  appliedCostNanos: string,
  appliedBundles: BundleConsumption | null,
  appliedRatedAt: Date | null,
  switchId: string,
];

/**
 * Claims queued CDRs for one rating batch, with the account their caller number is assigned to now.
 * Queue rows (one per ingested batch) are handed out oldest first; SKIP LOCKED shares them between
 * runs. The LIMIT is how many head rows fit in batchSize CDRs (at least one), counted from their
 * cdr_count without reading the arrays; a run that finds them locked takes as many of the next.
 * Deleting by ctid is a TID scan of exactly those rows (`id IN (…)` may hash-join the whole queue).
 * A CDR re-queued while still waiting can be in two rows: DISTINCT rates it once. Rows are locked
 * (and written back) in id order.
 */
export async function claimQueuedCdrs(client: PoolClient, batchSize: number): Promise<ClaimedCdr[]> {
  const { rows } = await client.query<ClaimedCdr>({
    rowMode: 'array',
    text: `WITH taken AS (
       DELETE FROM cdr_rating_queue
        WHERE ctid = ANY(ARRAY(
          SELECT ctid FROM cdr_rating_queue ORDER BY id
           LIMIT (SELECT greatest(count(*) FILTER (WHERE before < $1), 1)
                    FROM (SELECT sum(cdr_count) OVER (ORDER BY id) - cdr_count AS before FROM (SELECT id, cdr_count FROM cdr_rating_queue ORDER BY id LIMIT $1) head) sized)
             FOR UPDATE SKIP LOCKED))
       RETURNING cdr_ids),
     claimed AS (SELECT DISTINCT unnest(cdr_ids) AS cdr_id FROM taken)
     SELECT c.id, d.account_id, c.account_id AS applied_account_id, c.called_number, (extract(epoch FROM c.started_at) * 1000)::float8 AS started_ms,
            c.duration_ms, c.cost_nanos AS applied_cost_nanos, c.bundle_consumption AS applied_bundles, c.rated_at AS applied_rated_at, c.switch_id
       FROM claimed
       JOIN cdrs c ON c.id = claimed.cdr_id
       LEFT JOIN dids d ON d.number = c.caller_number
      ORDER BY c.id
        FOR UPDATE OF c`,
    values: [batchSize],
  });
  return rows;
}

/** A rating batch's outcome, column by column (row i is the i-th claimed CDR). */
export interface RatedCdrColumns {
  readonly ids: readonly string[];
  readonly statuses: readonly string[];
  readonly accountIds: readonly (string | null)[];
  readonly subscriptionIds: readonly (string | null)[];
  readonly destinations: readonly (string | null)[];
  readonly prefixes: readonly (string | null)[];
  readonly costs: readonly string[];
  readonly billedSeconds: readonly number[];
  readonly bundleSeconds: readonly number[];
  readonly bundleConsumptions: readonly (string | null)[];
  readonly overLimit: readonly boolean[];
  readonly reasons: readonly (string | null)[];
  readonly messages: readonly (string | null)[];
}

/** Writes every claimed CDR back with one UPDATE FROM unnest (array literals: node-postgres would otherwise walk every element). */
export async function writeRatedCdrs(client: PoolClient, columns: RatedCdrColumns): Promise<void> {
  await client.query(
    `UPDATE cdrs c
        SET status = u.status::"CdrStatus", account_id = u.account_id, subscription_id = u.subscription_id, destination = u.destination,
            matched_prefix = u.prefix, cost_nanos = u.cost, billed_seconds = u.billed, bundle_seconds = u.bundle, bundle_consumption = u.consumption, over_limit = u.over,
            failure_reason = u.reason, failure_message = u.message, rated_at = now()
       FROM unnest($1::bigint[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::bigint[], $8::int[], $9::int[], $10::jsonb[], $11::bool[], $12::text[], $13::text[])
            AS u(id, status, account_id, subscription_id, destination, prefix, cost, billed, bundle, consumption, over, reason, message)
      WHERE c.id = u.id`,
    [
      numberArrayLiteral(columns.ids),
      textArrayLiteral(columns.statuses),
      textArrayLiteral(columns.accountIds),
      textArrayLiteral(columns.subscriptionIds),
      textArrayLiteral(columns.destinations),
      textArrayLiteral(columns.prefixes),
      numberArrayLiteral(columns.costs),
      numberArrayLiteral(columns.billedSeconds),
      numberArrayLiteral(columns.bundleSeconds),
      textArrayLiteral(columns.bundleConsumptions),
      booleanArrayLiteral(columns.overLimit),
      textArrayLiteral(columns.reasons),
      textArrayLiteral(columns.messages),
    ],
  );
}

/** The totals of one invoice's usage on one destination, as billUsageOfPeriods returns them. */
export interface BilledUsageRow {
  invoice_id: string;
  destination: string;
  calls: number;
  seconds: number;
  bundle_seconds: number;
  cost_nanos: string;
}

/**
 * Marks the unbilled rated CDRs of postpaid subscriptions with the invoice they go on and returns
 * the totals per invoice and destination, in one statement (see billUsage). The `= ANY($1)` repeats
 * the join on cdrs itself so the planner reads the subscription index for a few subscriptions (it
 * guessed a seq scan otherwise).
 */
export async function markBilledUsage(client: PoolClient, periods: readonly { subscriptionId: string; invoiceId: string; periodEnd: Date }[]): Promise<BilledUsageRow[]> {
  const { rows } = await client.query<BilledUsageRow>(
    `WITH billed AS (
       UPDATE cdrs c SET invoice_id = p.invoice_id
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS p(subscription_id, invoice_id, period_end), telecom_accounts a
        WHERE c.subscription_id = ANY($1::uuid[]) AND c.subscription_id = p.subscription_id AND c.status = 'rated' AND c.invoice_id IS NULL AND c.started_at < p.period_end
          AND a.id = c.account_id AND a.kind = 'postpaid'
       RETURNING c.invoice_id, c.destination, c.billed_seconds, c.bundle_seconds, c.cost_nanos)
     SELECT invoice_id, destination, count(*)::int AS calls, sum(billed_seconds)::int AS seconds, sum(bundle_seconds)::int AS bundle_seconds,
            sum(cost_nanos)::text AS cost_nanos
       FROM billed GROUP BY invoice_id, destination ORDER BY invoice_id, destination`,
    [periods.map((p) => p.subscriptionId), periods.map((p) => p.invoiceId), periods.map((p) => p.periodEnd)],
  );
  return rows;
}

// Reads.

export const CDR_STATUSES = ['pending', 'rated', 'unratable'] as const;
export type CdrStatus = (typeof CDR_STATUSES)[number];

/** The filters of CDR lists, exports, statistics and re-rating. */
export interface CdrFilter {
  /** Caller or called number, any format. */
  number?: string;
  /** Calls started at or after (ISO 8601). */
  from?: string;
  /** Calls started before (ISO 8601). */
  to?: string;
  status?: CdrStatus;
  destination?: string;
  /** Unratable reason, e.g. no_matching_prefix. */
  reason?: string;
  accountId?: string;
}

const CDR_COLUMNS = `c.id::text AS id, c.switch_id, c.caller_number, c.called_number, c.started_at, c.duration_ms, c.status, c.account_id, c.destination,
  c.matched_prefix, a.currency, c.cost_nanos, c.billed_seconds, c.bundle_seconds, c.over_limit, c.failure_reason, c.failure_message, c.invoice_id`;

interface CdrRow {
  id: string;
  switch_id: string;
  caller_number: string;
  called_number: string;
  started_at: Date;
  duration_ms: number;
  status: CdrStatus;
  account_id: string | null;
  destination: string | null;
  matched_prefix: string | null;
  currency: string | null;
  cost_nanos: string;
  billed_seconds: number;
  bundle_seconds: number;
  over_limit: boolean;
  failure_reason: string | null;
  failure_message: string | null;
  invoice_id: string | null;
}

export interface CdrView {
  id: string;
  switchId: string;
  callerNumber: string;
  calledNumber: string;
  startedAt: Date;
  durationSeconds: number;
  status: CdrStatus;
  accountId: string | null;
  destination: string | null;
  matchedPrefix: string | null;
  currency: string | null;
  /** Exact cost, decimal string. */
  cost: string;
  costNanos: string;
  /** The cost in whole minor units of `currency`, half-up; null while unrated (no currency). */
  costMinor: number | null;
  billedSeconds: number;
  bundleSeconds: number;
  overLimit: boolean;
  failureReason: string | null;
  failureMessage: string | null;
  invoiceId: string | null;
}

function toView(row: CdrRow): CdrView {
  return {
    id: row.id,
    switchId: row.switch_id,
    callerNumber: row.caller_number,
    calledNumber: row.called_number,
    startedAt: row.started_at,
    durationSeconds: row.duration_ms / 1000,
    status: row.status,
    accountId: row.account_id,
    destination: row.destination,
    matchedPrefix: row.matched_prefix,
    currency: row.currency,
    cost: formatNanos(Number(row.cost_nanos)),
    costNanos: row.cost_nanos,
    costMinor: row.currency ? nanosToMinorUnits(BigInt(row.cost_nanos), row.currency, 'charge') : null,
    billedSeconds: row.billed_seconds,
    bundleSeconds: row.bundle_seconds,
    overLimit: row.over_limit,
    failureReason: row.failure_reason,
    failureMessage: row.failure_message,
    invoiceId: row.invoice_id,
  };
}

/** WHERE clause of the CDR filters, with parameters numbered from `first`. */
function cdrFilter(query: CdrFilter, first = 1): { where: string; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const add = (condition: (param: string) => string, value: unknown) => {
    values.push(value);
    conditions.push(condition(`$${first + values.length - 1}`));
  };
  if (query.number) {
    const digits = normalizeNumber(query.number) ?? query.number;
    add((p) => `(c.caller_number = ${p} OR c.called_number = ${p} OR c.called_number = '+' || ${p})`, digits);
  }
  if (query.from) add((p) => `c.started_at >= ${p}::timestamptz`, query.from);
  if (query.to) add((p) => `c.started_at < ${p}::timestamptz`, query.to);
  if (query.status) add((p) => `c.status = ${p}::"CdrStatus"`, query.status);
  if (query.destination) add((p) => `c.destination = ${p}`, query.destination);
  if (query.reason) add((p) => `c.failure_reason = ${p}`, query.reason);
  if (query.accountId) add((p) => `c.account_id = ${p}::uuid`, query.accountId);
  return { where: conditions.length > 0 ? conditions.join(' AND ') : 'TRUE', values };
}

/** A CDR's keyset position: its call time, then its id. */
export const cdrKeyset = (cdr: CdrView): Keyset => ({ createdAt: cdr.startedAt, id: cdr.id });

/** One keyset page in (started_at DESC, id DESC) order: limit + 1 rows, for toPage. */
export async function listCdrs(db: Queryable, filter: CdrFilter, window: KeysetWindow): Promise<CdrView[]> {
  const keyset = keysetSql(window, 1, { createdAt: 'c.started_at', id: 'c.id', idType: 'bigint' });
  const { where, values } = cdrFilter(filter, 8);
  const { rows } = await db.query<CdrRow>(
    `SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id
      WHERE ${keyset.where} AND ${where}
      ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch, ...values],
  );
  return rows.map(toView);
}

/** A CDR's keyset position (primary key lookup), for starting_after / ending_before. */
export async function cdrPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT started_at AS "createdAt", id::text AS id FROM cdrs WHERE id = $1::bigint', [id]);
  return rows[0];
}

export async function findCdr(db: Queryable, id: string): Promise<CdrView | null> {
  const { rows } = await db.query<CdrRow>(`SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id WHERE c.id = $1`, [id]);
  return rows[0] ? toView(rows[0]) : null;
}

/** Rows per FETCH of an export: ~0.3 MB, parsed and formatted in a few ms, so other requests are served between batches. */
const EXPORT_FETCH_SIZE = 1_000;
const CSV_HEADER = 'id,switch_id,caller_number,called_number,started_at,duration_seconds,status,destination,currency,cost,billed_seconds,bundle_seconds,over_limit,failure_reason\n';

/**
 * CSV of the matching CDRs, streamed from a server-side cursor a few thousand rows at a time:
 * memory stays flat whatever the export's size. Closing the stream stops the query.
 */
export async function exportCdrsCsv(pool: Pool, filter: CdrFilter): Promise<Readable> {
  const { where, values } = cdrFilter(filter);
  const client = await pool.connect();
  async function* lines(): AsyncGenerator<string> {
    let finished = false;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query({
        text: `DECLARE cdr_export NO SCROLL CURSOR FOR
               SELECT ${CDR_COLUMNS} FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id WHERE ${where} ORDER BY c.started_at, c.id`,
        values,
      });
      yield CSV_HEADER;
      for (;;) {
        const { rows } = await client.query<CdrRow>(`FETCH ${EXPORT_FETCH_SIZE} FROM cdr_export`);
        if (rows.length === 0) break;
        let chunk = '';
        for (const row of rows) {
          // Text cells through csvTextCell (formula-neutralised, quoted); numbers as numbers.
          chunk += `${row.id},${csvTextCell(row.switch_id)},${csvTextCell(row.caller_number)},${csvTextCell(row.called_number)},${row.started_at.toISOString()},${row.duration_ms / 1000},${csvTextCell(row.status)},`;
          chunk += `${csvTextCell(row.destination)},${csvTextCell(row.currency)},${formatNanos(Number(row.cost_nanos))},${row.billed_seconds},${row.bundle_seconds},${row.over_limit},${csvTextCell(row.failure_reason)}\n`;
        }
        yield chunk;
      }
      await client.query('COMMIT');
      finished = true;
    } finally {
      if (!finished) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
  return Readable.from(lines());
}

export interface CdrStatusTotals {
  status: CdrStatus;
  /** The accounts' currency (null for CDRs of unknown numbers). */
  currency: string | null;
  calls: number;
  billedSeconds: number;
  bundleSeconds: number;
  costNanos: string;
  overLimit: number;
}

export interface CdrStatistics {
  byStatus: CdrStatusTotals[];
  unratableReasons: { reason: string; calls: number }[];
}

export async function cdrStatistics(db: Queryable, filter: CdrFilter): Promise<CdrStatistics> {
  const { where, values } = cdrFilter(filter);
  const { rows } = await db.query<{ status: CdrStatus; calls: number; billed_seconds: string; bundle_seconds: string; cost_nanos: string; over_limit: number; currency: string | null }>(
    `SELECT c.status, a.currency, count(*)::int AS calls, coalesce(sum(c.billed_seconds), 0)::text AS billed_seconds,
            coalesce(sum(c.bundle_seconds), 0)::text AS bundle_seconds, coalesce(sum(c.cost_nanos), 0)::text AS cost_nanos,
            count(*) FILTER (WHERE c.over_limit)::int AS over_limit
       FROM cdrs c LEFT JOIN telecom_accounts a ON a.id = c.account_id
      WHERE ${where}
      GROUP BY c.status, a.currency ORDER BY c.status, a.currency`,
    values,
  );
  const { rows: reasons } = await db.query<{ reason: string; calls: number }>(
    `SELECT c.failure_reason AS reason, count(*)::int AS calls FROM cdrs c WHERE ${where} AND c.status = 'unratable' GROUP BY 1 ORDER BY 2 DESC`,
    values,
  );
  return {
    byStatus: rows.map((row) => ({
      status: row.status,
      currency: row.currency,
      calls: row.calls,
      billedSeconds: Number(row.billed_seconds),
      bundleSeconds: Number(row.bundle_seconds),
      costNanos: row.cost_nanos,
      overLimit: row.over_limit,
    })),
    unratableReasons: reasons,
  };
}

export interface DestinationTotals {
  destination: string;
  currency: string;
  calls: number;
  billedSeconds: number;
  costNanos: string;
}

/** Rated usage per destination and currency, most cost first. */
export async function topDestinations(db: Queryable, query: { from?: string; to?: string; limit: number }): Promise<DestinationTotals[]> {
  const { where, values } = cdrFilter({ from: query.from, to: query.to, status: 'rated' }, 2);
  const { rows } = await db.query<{ destination: string; currency: string; calls: number; billed_seconds: string; cost_nanos: string }>(
    `SELECT c.destination, a.currency, count(*)::int AS calls, sum(c.billed_seconds)::text AS billed_seconds, sum(c.cost_nanos)::text AS cost_nanos
       FROM cdrs c JOIN telecom_accounts a ON a.id = c.account_id
      WHERE ${where}
      GROUP BY c.destination, a.currency ORDER BY sum(c.cost_nanos) DESC, count(*) DESC LIMIT $1`,
    [query.limit, ...values],
  );
  return rows.map((row) => ({ destination: row.destination, currency: row.currency, calls: row.calls, billedSeconds: Number(row.billed_seconds), costNanos: row.cost_nanos }));
}

/**
 * Deleting a test clock: the accounts' CDRs. A queued batch naming one of them just rates the rest
 * (claimQueuedCdrs joins the queue's ids to cdrs), so the queue's arrays are not rewritten.
 */
export async function deleteCdrsOfAccounts(client: PoolClient, accountIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM cdrs WHERE account_id = ANY($1::uuid[])', [accountIds]);
}
