import type { Pool, PoolClient } from 'pg';
import type { BundleUsage, RatingPlan } from '@nova/rating';
import { booleanArrayLiteral, inTransaction, numberArrayLiteral, textArrayLiteral } from '@nova/common';
import { type BundleConsumption, consumedBetween, givenBack } from './bundle-consumption';

/** Looks up the compiled plan (see CompiledPlanCache); null if it does not exist. */
export type RatingPlanSource = (db: PoolClient, planId: string) => Promise<RatingPlan | null>;

export interface RatingBatchResult {
  claimed: number;
  rated: number;
  unratable: number;
  overLimit: number;
  /** Prepaid accounts that fell below their low-balance threshold in this batch (notify them). */
  lowBalanceAccountIds: string[];
  /** Prepaid accounts suspended by their policy in this batch. */
  suspendedAccountIds: string[];
}

/**
 * A claimed CDR, read as an array row (rowMode 'array': no object built per row). The applied
 * account and cost are those of an earlier rating (re-rating), else null and "0"; the applied
 * bundle seconds count only in the billing period they were taken in (applied rated at).
 */
type ClaimedCdr = [
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

interface LockedAccount {
  id: string;
  kind: 'prepaid' | 'postpaid';
  rate_plan_id: string;
  subscription_id: string;
  balance_nanos: string;
  bundle_usage: Record<string, number>;
  bundle_period_start: Date | null;
  current_period_start: Date;
}

/** The running state of one account while its CDRs of the batch are rated in memory. */
interface AccountRun {
  account: LockedAccount;
  plan: RatingPlan;
  balance: bigint;
  /** Net change to apply: new costs charged minus costs applied by earlier ratings. */
  debit: bigint;
  usage: BundleUsage;
  touched: boolean;
}

/**
 * Per-CDR outcome, column by column, for the single UPDATE FROM unnest. Row `at` is the CDR's
 * place in the claim (id order), whatever order the CDRs are rated in, so the write-back touches
 * rows in id order as before.
 */
class RatedColumns {
  readonly ids: string[];
  readonly statuses: string[];
  readonly accountIds: (string | null)[];
  readonly subscriptionIds: (string | null)[];
  readonly destinations: (string | null)[];
  readonly prefixes: (string | null)[];
  readonly costs: string[];
  readonly billedSeconds: number[];
  readonly bundleSeconds: number[];
  readonly bundleConsumptions: (string | null)[];
  readonly overLimit: boolean[];
  readonly reasons: (string | null)[];
  readonly messages: (string | null)[];

  constructor(size: number) {
    const column = <T>() => new Array<T>(size);
    this.ids = column();
    this.statuses = column();
    this.accountIds = column();
    this.subscriptionIds = column();
    this.destinations = column();
    this.prefixes = column();
    this.costs = column();
    this.billedSeconds = column();
    this.bundleSeconds = column();
    this.bundleConsumptions = column();
    this.overLimit = column();
    this.reasons = column();
    this.messages = column();
  }

  rated(at: number, id: string, run: AccountRun, destination: string, prefix: string, cost: number, billed: number, bundle: number, consumption: BundleConsumption | null, overLimit: boolean): void {
    const consumed = consumption && JSON.stringify(consumption);
    this.set(at, id, 'rated', run.account.id, run.account.subscription_id, destination, prefix, String(cost), billed, bundle, consumed, overLimit, null, null);
  }

  unratable(at: number, id: string, run: AccountRun | undefined, reason: string, message: string): void {
    this.set(at, id, 'unratable', run?.account.id ?? null, run?.account.subscription_id ?? null, null, null, '0', 0, 0, null, false, reason, message);
  }

  private set(
    at: number,
    ...values: [string, string, string | null, string | null, string | null, string | null, string, number, number, string | null, boolean, string | null, string | null]
  ): void {
    const [id, status, account, subscription, destination, prefix, cost, billed, bundle, consumption, over, reason, message] = values;
    this.ids[at] = id;
    this.statuses[at] = status;
    this.accountIds[at] = account;
    this.subscriptionIds[at] = subscription;
    this.destinations[at] = destination;
    this.prefixes[at] = prefix;
    this.costs[at] = cost;
    this.billedSeconds[at] = billed;
    this.bundleSeconds[at] = bundle;
    this.bundleConsumptions[at] = consumption;
    this.overLimit[at] = over;
    this.reasons[at] = reason;
    this.messages[at] = message;
  }
}

/**
 * Positions of the claimed CDRs in call order: answer time, then the switch's id (code-unit order).
 * Ids follow arrival (and not even that within one request), so bundles and prepaid balances
 * would otherwise go to whichever call arrived first. Switches mostly send in time order: an
 * already ordered claim costs one pass, no sort.
 */
function callOrder(cdrs: readonly ClaimedCdr[]): number[] {
  const order = Array.from({ length: cdrs.length }, (_, index) => index);
  const before = (a: ClaimedCdr, b: ClaimedCdr) => a[4] - b[4] || (a[9] < b[9] ? -1 : a[9] > b[9] ? 1 : 0);
  let ordered = true;
  for (let index = 1; index < cdrs.length && ordered; index++) ordered = before(cdrs[index - 1]!, cdrs[index]!) <= 0;
  return ordered ? order : order.sort((a, b) => before(cdrs[a]!, cdrs[b]!));
}

/**
 * Rates queued CDRs of the current tenant until none are left, one transaction per batch.
 * Concurrent runs share the work (FOR UPDATE SKIP LOCKED).
 */
export async function ratePendingCdrs(pool: Pool, plans: RatingPlanSource, batchSize = 10_000): Promise<RatingBatchResult> {
  const total: RatingBatchResult = { claimed: 0, rated: 0, unratable: 0, overLimit: 0, lowBalanceAccountIds: [], suspendedAccountIds: [] };
  for (;;) {
    const batch = await inTransaction(pool, (client) => rateBatch(client, plans, batchSize));
    total.claimed += batch.claimed;
    total.rated += batch.rated;
    total.unratable += batch.unratable;
    total.overLimit += batch.overLimit;
    total.lowBalanceAccountIds.push(...batch.lowBalanceAccountIds);
    total.suspendedAccountIds.push(...batch.suspendedAccountIds);
    // Queue rows are whole ingested batches, so a short batch does not mean an empty queue.
    if (batch.claimed === 0) return total;
  }
}

/**
 * One batch, set-based: claim queued CDRs (with the account their caller number is assigned to now),
 * lock those accounts in id order, rate in memory with the compiled plans, then write every CDR
 * back with one UPDATE FROM unnest and every account's net debit with another. A CDR rated before
 * (re-rating) gives back the cost it applied, so balances and unbilled usage change by the
 * difference only, exactly once: the applied cost is replaced in the same transaction.
 */
export async function rateBatch(client: PoolClient, plans: RatingPlanSource, batchSize: number): Promise<RatingBatchResult> {
  // Queue rows (one per ingested batch) are handed out oldest first; SKIP LOCKED shares them between
  // runs. The LIMIT is how many head rows fit in batchSize CDRs (at least one), counted from their
  // cdr_count without reading the arrays; a run that finds them locked takes as many of the next.
  // Deleting by ctid is a TID scan of exactly those rows (`id IN (…)` may hash-join the whole queue).
  // A CDR re-queued while still waiting can be in two rows: DISTINCT rates it once. Rows are locked
  // (and written back) in id order; they are rated in call order (callOrder).
  const { rows: cdrs } = await client.query<ClaimedCdr>({
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
  const result: RatingBatchResult = { claimed: cdrs.length, rated: 0, unratable: 0, overLimit: 0, lowBalanceAccountIds: [], suspendedAccountIds: [] };
  if (cdrs.length === 0) return result;

  const runs = await lockAccounts(client, plans, cdrs);
  const columns = new RatedColumns(cdrs.length);
  for (const at of callOrder(cdrs)) {
    const [id, accountId, appliedAccountId, calledNumber, startedMs, durationMs, appliedCostNanos, appliedBundles, appliedRatedAt] = cdrs[at]!;
    const applied = appliedAccountId ? runs.get(appliedAccountId) : undefined;
    if (applied) {
      applied.debit -= BigInt(appliedCostNanos);
      applied.balance += applied.account.kind === 'prepaid' ? BigInt(appliedCostNanos) : 0n;
      // Bundle seconds go back to the period they were taken from, if it is still the current one.
      if (appliedBundles && appliedRatedAt && appliedRatedAt >= applied.account.current_period_start) {
        applied.usage = givenBack(applied.usage, appliedBundles);
      }
      applied.touched = true;
    }
    const run = accountId ? runs.get(accountId) : undefined;
    if (!run) {
      columns.unratable(at, id, undefined, 'unknown_number', 'the caller number is not assigned to a telecom account');
      result.unratable++;
      continue;
    }
    const rating = run.plan.rate({ calledNumber, startedAtMs: startedMs, durationSeconds: durationMs / 1000 }, run.usage);
    if (!rating.rated) {
      columns.unratable(at, id, run, rating.reason, rating.message);
      result.unratable++;
      continue;
    }
    const cost = BigInt(rating.cost);
    // Prepaid: a call that finds the balance exhausted is still charged (it happened) and flagged.
    const overLimit = run.account.kind === 'prepaid' && cost > 0n && run.balance <= 0n;
    if (run.account.kind === 'prepaid') run.balance -= cost;
    run.debit += cost;
    const consumption = rating.bundleSeconds > 0 ? consumedBetween(run.usage, rating.bundleUsage) : null;
    run.usage = rating.bundleUsage;
    run.touched = true;
    columns.rated(at, id, run, rating.destination, rating.matchedPrefix, rating.cost, Math.round(rating.billedSeconds), Math.round(rating.bundleSeconds), consumption, overLimit);
    result.rated++;
    if (overLimit) result.overLimit++;
  }

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
  Object.assign(result, await applyAccountChanges(client, [...runs.values()].filter((run) => run.touched)));
  return result;
}

async function lockAccounts(client: PoolClient, plans: RatingPlanSource, cdrs: readonly ClaimedCdr[]): Promise<Map<string, AccountRun>> {
  const ids = new Set<string>();
  for (const [, accountId, appliedAccountId] of cdrs) {
    if (accountId) ids.add(accountId);
    if (appliedAccountId) ids.add(appliedAccountId);
  }
  const runs = new Map<string, AccountRun>();
  if (ids.size === 0) return runs;
  // Id order: two batches touching the same accounts lock them in the same order, never deadlock.
  const { rows } = await client.query<LockedAccount>(
    `SELECT a.id, a.kind, a.rate_plan_id, a.subscription_id, a.balance_nanos, a.bundle_usage, a.bundle_period_start, s.current_period_start
       FROM telecom_accounts a JOIN subscriptions s ON s.id = a.subscription_id
      WHERE a.id = ANY($1::uuid[])
      ORDER BY a.id
        FOR UPDATE OF a`,
    [[...ids]],
  );
  // One lookup per plan, not per account: a batch's accounts mostly share a few plans.
  const planById = new Map<string, RatingPlan | null>();
  for (const planId of new Set(rows.map((account) => account.rate_plan_id))) planById.set(planId, await plans(client, planId));
  for (const account of rows) {
    const plan = planById.get(account.rate_plan_id);
    if (!plan) throw new Error(`rate plan ${account.rate_plan_id} of account ${account.id} does not exist`);
    // Bundle allowances renew with the subscription's billing period.
    const samePeriod = account.bundle_period_start?.getTime() === account.current_period_start.getTime();
    runs.set(account.id, { account, plan, balance: BigInt(account.balance_nanos), debit: 0n, usage: samePeriod ? account.bundle_usage : {}, touched: false });
  }
  return runs;
}

async function applyAccountChanges(client: PoolClient, runs: readonly AccountRun[]): Promise<Pick<RatingBatchResult, 'lowBalanceAccountIds' | 'suspendedAccountIds'>> {
  if (runs.length === 0) return { lowBalanceAccountIds: [], suspendedAccountIds: [] };
  // Relative update (balance - debit) under the row locks taken above: exact whatever else runs.
  const { rows } = await client.query<{ id: string; low_balance: boolean; suspended: boolean }>(
    `WITH u AS (SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::jsonb[], $4::timestamptz[]) AS u(id, debit, usage, period_start)),
          prev AS (SELECT a.id, a.status, a.low_balance_notified_at FROM telecom_accounts a JOIN u ON u.id = a.id)
     UPDATE telecom_accounts a
        SET balance_nanos = CASE WHEN a.kind = 'prepaid' THEN a.balance_nanos - u.debit ELSE a.balance_nanos END,
            status = CASE WHEN a.kind = 'prepaid' AND a.suspend_at_zero AND a.balance_nanos - u.debit <= 0 THEN 'suspended'::"TelecomAccountStatus" ELSE a.status END,
            low_balance_notified_at = CASE WHEN a.kind = 'prepaid' AND a.low_balance_notified_at IS NULL AND a.balance_nanos - u.debit < a.low_balance_threshold_nanos
                                           THEN now() ELSE a.low_balance_notified_at END,
            bundle_usage = u.usage, bundle_period_start = u.period_start, updated_at = now()
       FROM u JOIN prev ON prev.id = u.id
      WHERE a.id = u.id
     RETURNING a.id, (prev.low_balance_notified_at IS NULL AND a.low_balance_notified_at IS NOT NULL) AS low_balance,
               (prev.status = 'active' AND a.status = 'suspended') AS suspended`,
    [runs.map((run) => run.account.id), runs.map((run) => run.debit.toString()), runs.map((run) => JSON.stringify(run.usage)), runs.map((run) => run.account.current_period_start)],
  );
  return { lowBalanceAccountIds: rows.filter((row) => row.low_balance).map((row) => row.id), suspendedAccountIds: rows.filter((row) => row.suspended).map((row) => row.id) };
}
