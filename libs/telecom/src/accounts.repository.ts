// Telecom accounts and their top-ups (telecom_accounts, telecom_top_ups): all their SQL, raw pg.
// Every balance change is written here, as the balance rule (prepaid-balance.ts) answered it, on
// the row the same transaction locked.
import type { PoolClient } from 'pg';
import { DomainError } from '@nova/domain';
import { isPgUniqueViolation, type Queryable } from '@nova/common';
import { type BalanceOutcome, type BalanceState, formatSignedNanos, nanosPerMinorUnit, type TelecomAccountKind, type TelecomAccountStatus, nanosToMinorUnits } from './prepaid-balance';

export interface TelecomAccountView {
  /** The API's and events' name of this resource. */
  object: 'telecom_account';
  id: string;
  subscriptionId: string;
  customerId: string;
  ratePlanId: string;
  kind: TelecomAccountKind;
  status: TelecomAccountStatus;
  currency: string;
  /** Exact decimal string, e.g. "12.345". */
  balance: string;
  balanceNanos: string;
  /** The balance in whole minor units, rounded down (nanosToMinorUnits). */
  balanceMinor: number;
  /** Minor units. */
  lowBalanceThreshold: string;
  suspendAtZero: boolean;
  numbers: string[];
  bundleUsage: Record<string, number>;
}

interface AccountRow {
  id: string;
  subscription_id: string;
  customer_id: string;
  rate_plan_id: string;
  kind: TelecomAccountKind;
  status: TelecomAccountStatus;
  currency: string;
  balance_nanos: string;
  low_balance_threshold_nanos: string;
  suspend_at_zero: boolean;
  bundle_usage: Record<string, number>;
  numbers: string[];
}

function toView(row: AccountRow): TelecomAccountView {
  return {
    object: 'telecom_account',
    id: row.id,
    subscriptionId: row.subscription_id,
    customerId: row.customer_id,
    ratePlanId: row.rate_plan_id,
    kind: row.kind,
    status: row.status,
    currency: row.currency,
    balance: formatSignedNanos(BigInt(row.balance_nanos)),
    balanceNanos: row.balance_nanos,
    balanceMinor: nanosToMinorUnits(BigInt(row.balance_nanos), row.currency, 'balance'),
    lowBalanceThreshold: (BigInt(row.low_balance_threshold_nanos) / nanosPerMinorUnit(row.currency)).toString(),
    suspendAtZero: row.suspend_at_zero,
    numbers: row.numbers,
    bundleUsage: row.bundle_usage,
  };
}

/** The account with its numbers, or null. */
export async function findAccount(db: Queryable, id: string): Promise<TelecomAccountView | null> {
  const { rows } = await db.query<AccountRow>(
    `SELECT a.*, coalesce((SELECT array_agg(d.number ORDER BY d.number) FROM dids d WHERE d.account_id = a.id), '{}') AS numbers
       FROM telecom_accounts a WHERE a.id = $1`,
    [id],
  );
  return rows[0] ? toView(rows[0]) : null;
}

export async function accountExists(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM telecom_accounts WHERE id = $1', [id]);
  return rows.length > 0;
}

/**
 * The customer and billing currency of a subscription, read across the context boundary in SQL:
 * billing depends on this library (the cycle bills usage), so telecom cannot import it.
 */
export async function subscriptionBilling(db: Queryable, subscriptionId: string): Promise<{ customerId: string; currency: string } | null> {
  const { rows } = await db.query<{ customer_id: string; currency: string }>(
    'SELECT s.customer_id, p.currency FROM subscriptions s JOIN prices p ON p.id = s.price_id WHERE s.id = $1',
    [subscriptionId],
  );
  return rows[0] ? { customerId: rows[0].customer_id, currency: rows[0].currency } : null;
}

export interface NewAccount {
  id: string;
  subscriptionId: string;
  customerId: string;
  ratePlanId: string;
  kind: TelecomAccountKind;
  currency: string;
  lowBalanceThresholdNanos: bigint;
  suspendAtZero: boolean;
}

/** One account per subscription: a second is a 409 on `subscriptionId`. */
export async function insertAccount(client: Queryable, account: NewAccount): Promise<void> {
  await client
    .query(
      `INSERT INTO telecom_accounts (id, subscription_id, customer_id, rate_plan_id, kind, currency, low_balance_threshold_nanos, suspend_at_zero, updated_at)
       VALUES ($1, $2, $3, $4, $5::"TelecomAccountKind", $6, $7, $8, now())`,
      [account.id, account.subscriptionId, account.customerId, account.ratePlanId, account.kind, account.currency, account.lowBalanceThresholdNanos.toString(), account.suspendAtZero],
    )
    .catch((error: unknown) => {
      throw isPgUniqueViolation(error) ? DomainError.conflict(`subscription ${account.subscriptionId} already has a telecom account`, 'subscriptionId') : error;
    });
}

export async function countAccountsOnPlan(db: Queryable, ratePlanId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM telecom_accounts WHERE rate_plan_id = $1', [ratePlanId]);
  return rows[0]!.count;
}

interface BalanceRow {
  id: string;
  kind: TelecomAccountKind;
  status: TelecomAccountStatus;
  suspend_at_zero: boolean;
  balance_nanos: string;
  low_balance_threshold_nanos: string;
  low_balance_notified: boolean;
}

const BALANCE_COLUMNS = `a.id, a.kind, a.status, a.suspend_at_zero, a.balance_nanos, a.low_balance_threshold_nanos, a.low_balance_notified_at IS NOT NULL AS low_balance_notified`;

function balanceState(row: BalanceRow): BalanceState {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    suspendAtZero: row.suspend_at_zero,
    balanceNanos: BigInt(row.balance_nanos),
    lowBalanceThresholdNanos: BigInt(row.low_balance_threshold_nanos),
    lowBalanceNotified: row.low_balance_notified,
  };
}

/** The account's balance state and currency, its row locked until the transaction ends; null if it does not exist. */
export async function lockBalance(client: PoolClient, id: string): Promise<(BalanceState & { currency: string }) | null> {
  const { rows } = await client.query<BalanceRow & { currency: string }>(`SELECT ${BALANCE_COLUMNS}, a.currency FROM telecom_accounts a WHERE a.id = $1 FOR UPDATE`, [id]);
  return rows[0] ? { ...balanceState(rows[0]), currency: rows[0].currency } : null;
}

/** Writes the rule's outcome on the row locked by lockBalance. */
export async function saveBalance(client: PoolClient, id: string, outcome: BalanceOutcome): Promise<void> {
  await client.query(
    `UPDATE telecom_accounts
        SET balance_nanos = $2, status = $3::"TelecomAccountStatus",
            low_balance_notified_at = CASE WHEN $4::boolean THEN coalesce(low_balance_notified_at, now()) END, updated_at = now()
      WHERE id = $1`,
    [id, outcome.balanceNanos.toString(), outcome.status, outcome.lowBalanceNotified],
  );
}

export interface NewTopUp {
  id: string;
  accountId: string;
  /** Minor units. */
  amount: number;
  currency: string;
  reference: string | null;
  balanceAfterNanos: bigint;
}

export async function insertTopUp(client: PoolClient, topUp: NewTopUp): Promise<void> {
  await client.query(
    'INSERT INTO telecom_top_ups (id, account_id, amount, currency, reference, balance_after_nanos) VALUES ($1, $2, $3, $4, $5, $6)',
    [topUp.id, topUp.accountId, topUp.amount, topUp.currency, topUp.reference, topUp.balanceAfterNanos.toString()],
  );
}

/** An account as a rating batch holds it: its balance state, plan, and the bundle usage of its period. */
export interface RatingAccount extends BalanceState {
  ratePlanId: string;
  subscriptionId: string;
  bundleUsage: Record<string, number>;
  bundlePeriodStart: Date | null;
  /** The subscription's current billing period (bundles renew with it). */
  currentPeriodStart: Date;
}

/**
 * Locks the accounts a rating batch touches, in id order: two batches touching the same accounts
 * lock them in the same order, never deadlock. Joins the subscription for its billing period.
 */
export async function lockRatingAccounts(client: PoolClient, ids: readonly string[]): Promise<RatingAccount[]> {
  const { rows } = await client.query<BalanceRow & { rate_plan_id: string; subscription_id: string; bundle_usage: Record<string, number>; bundle_period_start: Date | null; current_period_start: Date }>(
    `SELECT ${BALANCE_COLUMNS}, a.rate_plan_id, a.subscription_id, a.bundle_usage, a.bundle_period_start, s.current_period_start
       FROM telecom_accounts a JOIN subscriptions s ON s.id = a.subscription_id
      WHERE a.id = ANY($1::uuid[])
      ORDER BY a.id
        FOR UPDATE OF a`,
    [ids],
  );
  return rows.map((row) => ({
    ...balanceState(row),
    ratePlanId: row.rate_plan_id,
    subscriptionId: row.subscription_id,
    bundleUsage: row.bundle_usage,
    bundlePeriodStart: row.bundle_period_start,
    currentPeriodStart: row.current_period_start,
  }));
}

export interface RatingAccountChange {
  accountId: string;
  /** Net cost charged (a postpaid account's balance does not move: outcome says so). */
  debitNanos: bigint;
  outcome: BalanceOutcome;
  bundleUsage: Record<string, number>;
  periodStart: Date;
}

/**
 * Writes a rating batch's account changes in one UPDATE FROM unnest, under the row locks taken by
 * lockRatingAccounts. The balance is updated relatively (balance - debit), which under the lock
 * equals the outcome the rule computed; status and the notice are the rule's.
 */
export async function applyRatingChanges(client: PoolClient, changes: readonly RatingAccountChange[]): Promise<void> {
  if (changes.length === 0) return;
  await client.query(
    `UPDATE telecom_accounts a
        SET balance_nanos = CASE WHEN a.kind = 'prepaid' THEN a.balance_nanos - u.debit ELSE a.balance_nanos END,
            status = u.status::"TelecomAccountStatus",
            low_balance_notified_at = CASE WHEN u.notified THEN coalesce(a.low_balance_notified_at, now()) END,
            bundle_usage = u.usage, bundle_period_start = u.period_start, updated_at = now()
       FROM unnest($1::uuid[], $2::bigint[], $3::jsonb[], $4::timestamptz[], $5::text[], $6::bool[]) AS u(id, debit, usage, period_start, status, notified)
      WHERE a.id = u.id`,
    [
      changes.map((change) => change.accountId),
      changes.map((change) => change.debitNanos.toString()),
      changes.map((change) => JSON.stringify(change.bundleUsage)),
      changes.map((change) => change.periodStart),
      changes.map((change) => change.outcome.status),
      changes.map((change) => change.outcome.lowBalanceNotified),
    ],
  );
}

/** What a low-balance notice says, read with the customer it goes to (across the boundary, in SQL: see subscriptionBilling). */
export interface LowBalanceNoticeFacts {
  customerName: string;
  customerEmail: string;
  currency: string;
  balanceNanos: bigint;
  lowBalanceThresholdNanos: bigint;
  numbers: string[];
}

export async function lowBalanceNoticeFacts(db: Queryable, accountId: string): Promise<LowBalanceNoticeFacts | null> {
  const { rows } = await db.query<{ name: string; email: string; currency: string; balance_nanos: string; low_balance_threshold_nanos: string; numbers: string[] }>(
    `SELECT c.name, c.email, a.currency, a.balance_nanos, a.low_balance_threshold_nanos,
            coalesce((SELECT array_agg(d.number ORDER BY d.number) FROM dids d WHERE d.account_id = a.id), '{}') AS numbers
       FROM telecom_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = $1`,
    [accountId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    customerName: row.name,
    customerEmail: row.email,
    currency: row.currency,
    balanceNanos: BigInt(row.balance_nanos),
    lowBalanceThresholdNanos: BigInt(row.low_balance_threshold_nanos),
    numbers: row.numbers,
  };
}

/** The telecom accounts of these customers (deleting a test clock). */
export async function selectAccountIdsOfCustomers(db: Queryable, customerIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM telecom_accounts WHERE customer_id = ANY($1::uuid[]) ORDER BY id', [customerIds]);
  return rows.map((row) => row.id);
}

/** Deleting a test clock: the accounts with their top-ups (after their CDRs and numbers). */
export async function deleteAccounts(client: PoolClient, accountIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM telecom_top_ups WHERE account_id = ANY($1::uuid[])', [accountIds]);
  await client.query('DELETE FROM telecom_accounts WHERE id = ANY($1::uuid[])', [accountIds]);
}
