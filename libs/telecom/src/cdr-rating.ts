// The rating pass: claims queued CDRs, rates them in memory with the compiled plans, and writes the
// outcome back. No SQL here: the CDRs and the queue are the cdrs repository's, the accounts and their
// balances the accounts repository's, and every balance change is the balance rule's (prepaid-balance.ts).
import type { Pool, PoolClient } from 'pg';
import type { BundleUsage, RatingPlan } from '@nova/rating';
import { inTransaction } from '@nova/common';
import { recordEvents } from '@nova/events';
import { applyRatingChanges, findAccount, lockRatingAccounts, type RatingAccount } from './accounts.repository';
import { type BundleConsumption, consumedBetween, givenBack } from './bundle-consumption';
import { type ClaimedCdr, claimQueuedCdrs, type RatedCdrColumns, writeRatedCdrs } from './cdrs.repository';
import { applyBalanceChange } from './prepaid-balance';

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

/** The running state of one account while its CDRs of the batch are rated in memory. */
interface AccountRun {
  account: RatingAccount;
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
class RatedColumns implements RatedCdrColumns {
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
    this.set(at, id, 'rated', run.account.id, run.account.subscriptionId, destination, prefix, String(cost), billed, bundle, consumed, overLimit, null, null);
  }

  unratable(at: number, id: string, run: AccountRun | undefined, reason: string, message: string): void {
    this.set(at, id, 'unratable', run?.account.id ?? null, run?.account.subscriptionId ?? null, null, null, '0', 0, 0, null, false, reason, message);
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
  // Claimed in id order (see claimQueuedCdrs), rated in call order (callOrder).
  const cdrs = await claimQueuedCdrs(client, batchSize);
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
      if (appliedBundles && appliedRatedAt && appliedRatedAt >= applied.account.currentPeriodStart) {
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

  await writeRatedCdrs(client, columns);
  Object.assign(result, await applyAccountChanges(client, [...runs.values()].filter((run) => run.touched)));
  await recordRatingEvents(client, result);
  return result;
}

/**
 * The batch's events, in its transaction: `cdr.batch_rated` with its counts, and
 * `account.balance_low` for each prepaid account this batch took below its threshold.
 */
async function recordRatingEvents(client: PoolClient, result: RatingBatchResult): Promise<void> {
  const lowAccounts = [];
  for (const accountId of result.lowBalanceAccountIds) lowAccounts.push(await findAccount(client, accountId));
  await recordEvents(client, [
    { type: 'cdr.batch_rated', object: { object: 'cdr_batch', claimed: result.claimed, rated: result.rated, unratable: result.unratable, overLimit: result.overLimit } },
    ...lowAccounts.flatMap((account) => (account ? [{ type: 'account.balance_low' as const, object: account }] : [])),
  ]);
}

async function lockAccounts(client: PoolClient, plans: RatingPlanSource, cdrs: readonly ClaimedCdr[]): Promise<Map<string, AccountRun>> {
  const ids = new Set<string>();
  for (const [, accountId, appliedAccountId] of cdrs) {
    if (accountId) ids.add(accountId);
    if (appliedAccountId) ids.add(appliedAccountId);
  }
  const runs = new Map<string, AccountRun>();
  if (ids.size === 0) return runs;
  const rows = await lockRatingAccounts(client, [...ids]);
  // One lookup per plan, not per account: a batch's accounts mostly share a few plans.
  const planById = new Map<string, RatingPlan | null>();
  for (const planId of new Set(rows.map((account) => account.ratePlanId))) planById.set(planId, await plans(client, planId));
  for (const account of rows) {
    const plan = planById.get(account.ratePlanId);
    if (!plan) throw new Error(`rate plan ${account.ratePlanId} of account ${account.id} does not exist`);
    // Bundle allowances renew with the subscription's billing period.
    const samePeriod = account.bundlePeriodStart?.getTime() === account.currentPeriodStart.getTime();
    runs.set(account.id, { account, plan, balance: account.balanceNanos, debit: 0n, usage: samePeriod ? account.bundleUsage : {}, touched: false });
  }
  return runs;
}

/** Each touched account's net debit, through the balance rule (suspension at zero, low-balance notice), written in one statement. */
async function applyAccountChanges(client: PoolClient, runs: readonly AccountRun[]): Promise<Pick<RatingBatchResult, 'lowBalanceAccountIds' | 'suspendedAccountIds'>> {
  const changes = runs.map((run) => ({
    accountId: run.account.id,
    debitNanos: run.debit,
    outcome: applyBalanceChange(run.account, { type: 'rating', debitNanos: run.debit }),
    bundleUsage: run.usage,
    periodStart: run.account.currentPeriodStart,
  }));
  await applyRatingChanges(client, changes);
  return {
    lowBalanceAccountIds: changes.filter((change) => change.outcome.lowBalanceReached).map((change) => change.accountId),
    suspendedAccountIds: changes.filter((change) => change.outcome.suspended).map((change) => change.accountId),
  };
}
