// All SQL of the subscriptions table (raw pg: its writes share transactions with invoicing's, and
// the billing cycle's are set-based). The status columns are written only with a state the
// subscription state machine (libs/domain) produced. Private to the subscriptions context.
import type { PoolClient } from 'pg';
import { Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import type { Interval, SubscriptionState, SubscriptionStatus } from '@nova/domain';

export interface LockedSubscription extends SubscriptionState {
  readonly id: string;
}

/** Locks the subscription row for the rest of the caller's transaction. */
export async function lockSubscriptionState(client: PoolClient, id: string): Promise<LockedSubscription | undefined> {
  const { rows } = await client.query<{ id: string; status: SubscriptionStatus; cancel_at_period_end: boolean; canceled_at: Date | null; ended_at: Date | null }>(
    'SELECT id, status, cancel_at_period_end, canceled_at, ended_at FROM subscriptions WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  return row && { id: row.id, status: row.status, cancelAtPeriodEnd: row.cancel_at_period_end, canceledAt: row.canceled_at, endedAt: row.ended_at };
}

/** The current period of a subscription (read under the caller's row lock). */
export async function selectCurrentPeriod(client: PoolClient, id: string): Promise<{ start: Date; end: Date }> {
  const { rows } = await client.query<{ start: Date; end: Date }>('SELECT current_period_start AS start, current_period_end AS "end" FROM subscriptions WHERE id = $1', [id]);
  return rows[0]!;
}

/** Writes back the columns the state machine owns (the caller holds the row lock). */
export async function saveSubscriptionState(client: PoolClient, id: string, state: SubscriptionState): Promise<void> {
  await client.query(
    `UPDATE subscriptions SET status = $2::"SubscriptionStatus", cancel_at_period_end = $3, canceled_at = $4, ended_at = $5, updated_at = now() WHERE id = $1`,
    [id, state.status, state.cancelAtPeriodEnd, state.canceledAt, state.endedAt],
  );
}

export interface NewSubscriptionRow {
  id: string;
  customerId: string;
  priceId: string;
  /** The machine's initial status: trialing with a trial, active without. */
  status: SubscriptionStatus;
  quantity: number;
  billingAnchor: Date;
  periodStart: Date;
  periodEnd: Date;
  trialEnd: Date | null;
  metadata: Record<string, unknown>;
}

export async function insertSubscription(client: PoolClient, row: NewSubscriptionRow): Promise<void> {
  await client.query(
    `INSERT INTO subscriptions (id, customer_id, price_id, status, quantity, billing_anchor, current_period_start, current_period_end, trial_end, metadata, created_at, updated_at, started_at)
     VALUES ($1, $2, $3, $4::"SubscriptionStatus", $5, $6, $7, $8, $9, $10, $11, $11, $7)`,
    [row.id, row.customerId, row.priceId, row.status, row.quantity, row.billingAnchor, row.periodStart, row.periodEnd, row.trialEnd, row.metadata, new Date()],
  );
}

// --- Reads ---

export interface SubscriptionRecord extends SubscriptionState {
  id: string;
  customerId: string;
  priceId: string;
  quantity: number;
  billingAnchor: Date;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  metadata: unknown;
  createdAt: Date;
}

interface SubscriptionRow {
  id: string;
  customer_id: string;
  price_id: string;
  status: SubscriptionStatus;
  quantity: number;
  billing_anchor: Date;
  current_period_start: Date;
  current_period_end: Date;
  trial_end: Date | null;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  ended_at: Date | null;
  metadata: unknown;
  created_at: Date;
}

const SUBSCRIPTION_COLUMNS = `id, customer_id, price_id, status, quantity, billing_anchor, current_period_start, current_period_end, trial_end,
  cancel_at_period_end, canceled_at, ended_at, metadata, created_at`;

const toSubscriptionRecord = (row: SubscriptionRow): SubscriptionRecord => ({
  id: row.id,
  customerId: row.customer_id,
  priceId: row.price_id,
  status: row.status,
  quantity: row.quantity,
  billingAnchor: row.billing_anchor,
  currentPeriodStart: row.current_period_start,
  currentPeriodEnd: row.current_period_end,
  trialEnd: row.trial_end,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  canceledAt: row.canceled_at,
  endedAt: row.ended_at,
  metadata: row.metadata,
  createdAt: row.created_at,
});

export async function findSubscription(db: Queryable, id: string): Promise<SubscriptionRecord | undefined> {
  const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
  return rows[0] && toSubscriptionRecord(rows[0]);
}

/** The subscriptions with these ids (any order). */
export async function selectSubscriptionsByIds(db: Queryable, ids: readonly string[]): Promise<SubscriptionRecord[]> {
  const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ANY($1::uuid[])`, [ids]);
  return rows.map(toSubscriptionRecord);
}

/**
 * Marks the trials ending in (from, until] that were not noticed yet, returning their ids: each
 * subscription is noticed once, even by concurrent runs (the second finds the column set).
 */
export async function markTrialsEndingSoon(client: Queryable, from: Date, until: Date): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE subscriptions SET trial_will_end_noticed_at = now()
      WHERE status = 'trialing' AND trial_end > $1 AND trial_end <= $2 AND trial_will_end_noticed_at IS NULL
      RETURNING id`,
    [from, until],
  );
  return rows.map((row) => row.id);
}

export interface SubscriptionFilter {
  customerId?: string;
  status?: SubscriptionStatus;
}

/** Up to `take` subscriptions after `after`, in keyset order. */
export async function listSubscriptionRecords(db: Queryable, filter: SubscriptionFilter, window: KeysetWindow): Promise<SubscriptionRecord[]> {
  const keyset = keysetSql(window, 3);
  const { rows } = await db.query<SubscriptionRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions
      WHERE ($1::uuid IS NULL OR customer_id = $1) AND ($2::"SubscriptionStatus" IS NULL OR status = $2)
        AND ${keyset.where}
      ORDER BY ${keyset.order}
      LIMIT $9`,
    [filter.customerId ?? null, filter.status ?? null, ...keyset.values, window.fetch],
  );
  return rows.map(toSubscriptionRecord);
}

/** A subscription's keyset position (primary key lookup), for starting_after / ending_before. */
export async function subscriptionPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM subscriptions WHERE id = $1', [id]);
  return rows[0];
}

// --- The billing cycle's batch (set-based: one SELECT claims, one UPDATE writes back) ---

/** A live subscription whose current period ended, with what billing its next period needs. */
export interface DueSubscription extends LockedSubscription {
  customerId: string;
  priceId: string;
  quantity: number;
  billingAnchor: Date;
  currentPeriodEnd: Date;
  currency: string;
  unitAmount: bigint;
  interval: Interval;
  intervalCount: number;
  planName: string;
}

/**
 * Claims up to `limit` live subscriptions whose period ended by `asOf`, oldest first, leaving out
 * `excludedIds`. FOR UPDATE SKIP LOCKED: concurrent runs share the work instead of doubling it.
 * The price and plan columns are joined here, in the one measured statement, rather than read
 * once per subscription through the catalog.
 */
export async function claimDueSubscriptions(client: PoolClient, asOf: Date, limit: number, excludedIds: string[]): Promise<DueSubscription[]> {
  const { rows } = await client.query<{
    id: string;
    customer_id: string;
    price_id: string;
    status: SubscriptionStatus;
    quantity: number;
    billing_anchor: Date;
    current_period_end: Date;
    cancel_at_period_end: boolean;
    canceled_at: Date | null;
    ended_at: Date | null;
    currency: string;
    unit_amount: string;
    interval: Interval;
    interval_count: number;
    plan_name: string;
  }>(
    `SELECT s.id, s.customer_id, s.price_id, s.status, s.quantity, s.billing_anchor, s.current_period_end, s.cancel_at_period_end, s.canceled_at, s.ended_at,
            p.currency, p.unit_amount, p.interval, p.interval_count, pl.name AS plan_name
       FROM subscriptions s
       JOIN prices p ON p.id = s.price_id
       JOIN plans pl ON pl.id = p.plan_id
      WHERE s.status IN ('trialing', 'active', 'past_due') AND s.current_period_end <= $1 AND NOT (s.id = ANY($3::uuid[]))
      ORDER BY s.current_period_end
      LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
    [asOf, limit, excludedIds],
  );
  return rows.map((row) => ({
    id: row.id,
    customerId: row.customer_id,
    priceId: row.price_id,
    status: row.status,
    cancelAtPeriodEnd: row.cancel_at_period_end,
    canceledAt: row.canceled_at,
    endedAt: row.ended_at,
    quantity: row.quantity,
    billingAnchor: row.billing_anchor,
    currentPeriodEnd: row.current_period_end,
    currency: row.currency,
    unitAmount: BigInt(row.unit_amount),
    interval: row.interval,
    intervalCount: row.interval_count,
    planName: row.plan_name,
  }));
}

/** A claimed subscription's new state (from the machine) and current period. */
export interface SubscriptionAdvance {
  id: string;
  state: SubscriptionState;
  periodStart: Date;
  periodEnd: Date;
}

/** Writes back a batch of advances in one statement (the caller holds the rows' locks). */
export async function saveSubscriptionAdvances(client: PoolClient, advances: SubscriptionAdvance[]): Promise<void> {
  if (advances.length === 0) return;
  await client.query(
    `UPDATE subscriptions s
        SET status = u.status::"SubscriptionStatus", cancel_at_period_end = u.cancel_at_period_end, canceled_at = u.canceled_at, ended_at = u.ended_at,
            current_period_start = u.period_start, current_period_end = u.period_end, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
            AS u(id, status, cancel_at_period_end, canceled_at, ended_at, period_start, period_end)
      WHERE s.id = u.id`,
    [
      advances.map((advance) => advance.id),
      advances.map((advance) => advance.state.status),
      advances.map((advance) => advance.state.cancelAtPeriodEnd),
      advances.map((advance) => advance.state.canceledAt),
      advances.map((advance) => advance.state.endedAt),
      advances.map((advance) => advance.periodStart),
      advances.map((advance) => advance.periodEnd),
    ],
  );
}
