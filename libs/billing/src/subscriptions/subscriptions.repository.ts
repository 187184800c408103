// All SQL of the subscriptions and subscription_items tables (raw pg: its writes share transactions with invoicing's, and
// the billing cycle's are set-based). The status columns are written only with a state the
// subscription state machine (libs/domain) produced. Private to the subscriptions context.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { Keyset, type KeysetWindow, keysetSql, Queryable } from '@nova/common';
import { type BillingScheme, type Interval, type PauseBehavior, type PriceTier, type SubscriptionState, type SubscriptionStatus, type TiersMode, tiersFromJson } from '@nova/domain';
import { type ClockScope, WALL_CLOCK_SCOPE, clockScopeSql, customerClockIdSql } from '../customers';

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
/** The current period, and when the subscription began (inside its first period: the start day counts from midnight). */
export async function selectCurrentPeriod(client: PoolClient, id: string): Promise<{ start: Date; end: Date; startedAt: Date }> {
  const { rows } = await client.query<{ start: Date; end: Date; startedAt: Date }>(
    'SELECT current_period_start AS start, current_period_end AS "end", started_at AS "startedAt" FROM subscriptions WHERE id = $1',
    [id],
  );
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
  /** Null: the anchor's own local day. */
  billingAnchorDay: number | null;
  timeZone: string;
  periodStart: Date;
  periodEnd: Date;
  trialEnd: Date | null;
  metadata: Record<string, unknown>;
  /** The instant it began (now, or a backdated start): its first period starts at that day's midnight. */
  startedAt: Date;
}

export async function insertSubscription(client: PoolClient, row: NewSubscriptionRow): Promise<void> {
  await client.query(
    `INSERT INTO subscriptions (id, customer_id, price_id, status, quantity, billing_anchor, current_period_start, current_period_end, trial_end, metadata, created_at, updated_at, started_at,
                                billing_anchor_day, time_zone, test_clock_id)
     VALUES ($1, $2, $3, $4::"SubscriptionStatus", $5, $6, $7, $8, $9, $10, $11, $11, $14, $12, $13, ${customerClockIdSql('$2::uuid')})`,
    [row.id, row.customerId, row.priceId, row.status, row.quantity, row.billingAnchor, row.periodStart, row.periodEnd, row.trialEnd, row.metadata, new Date(), row.billingAnchorDay, row.timeZone, row.startedAt],
  );
}

// --- Add-on items (subscription_items; the base item is the subscription's own price_id and quantity) ---

/** An add-on item of a subscription. */
export interface SubscriptionItemRecord {
  id: string;
  priceId: string;
  quantity: number;
  createdAt: Date;
}

/** Adds add-on items to a subscription (same transaction as its creation or change, under its row lock). */
export async function insertSubscriptionItems(client: PoolClient, subscriptionId: string, items: readonly { id: string; priceId: string; quantity: number }[], at: Date): Promise<void> {
  if (items.length === 0) return;
  await client.query(
    `INSERT INTO subscription_items (id, subscription_id, price_id, quantity, created_at, updated_at)
     SELECT u.id, $1, u.price_id, u.quantity, $5, $5 FROM unnest($2::uuid[], $3::uuid[], $4::int[]) WITH ORDINALITY AS u(id, price_id, quantity, n) ORDER BY u.n`,
    [subscriptionId, items.map((item) => item.id), items.map((item) => item.priceId), items.map((item) => item.quantity), at],
  );
}

/** A new price and/or quantity for an add-on item (the caller holds the subscription's row lock). */
export async function updateSubscriptionItem(client: PoolClient, subscriptionId: string, item: { id: string; priceId: string; quantity: number }): Promise<void> {
  await client.query('UPDATE subscription_items SET price_id = $3, quantity = $4, updated_at = now() WHERE id = $2 AND subscription_id = $1', [subscriptionId, item.id, item.priceId, item.quantity]);
}

/** Removes add-on items (the caller holds the subscription's row lock). */
export async function deleteSubscriptionItems(client: PoolClient, subscriptionId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await client.query('DELETE FROM subscription_items WHERE subscription_id = $1 AND id = ANY($2::uuid[])', [subscriptionId, itemIds]);
}

/** The add-on items of these subscriptions, oldest first, by subscription (one query). */
async function selectItemsOf(db: Queryable, subscriptionIds: readonly string[]): Promise<Map<string, SubscriptionItemRecord[]>> {
  const items = new Map<string, SubscriptionItemRecord[]>(subscriptionIds.map((id) => [id, []]));
  if (subscriptionIds.length === 0) return items;
  const { rows } = await db.query<{ subscription_id: string; id: string; price_id: string; quantity: number; created_at: Date }>(
    'SELECT subscription_id, id, price_id, quantity, created_at FROM subscription_items WHERE subscription_id = ANY($1::uuid[]) ORDER BY created_at, id',
    [subscriptionIds],
  );
  for (const row of rows) items.get(row.subscription_id)?.push({ id: row.id, priceId: row.price_id, quantity: row.quantity, createdAt: row.created_at });
  return items;
}

async function withItems(db: Queryable, records: SubscriptionRecord[]): Promise<SubscriptionRecord[]> {
  const items = await selectItemsOf(db, records.map((record) => record.id));
  for (const record of records) record.items = items.get(record.id) ?? [];
  return records;
}

/** An add-on item as a scheduled change leaves it: an existing item (its id) or one added then (id null). */
export interface ScheduledItem {
  id: string | null;
  priceId: string;
  quantity: number;
}

/** A change scheduled for the end of the current period. */
export interface ScheduledChange {
  /** The base item's price and quantity from then (the current ones when only add-ons change). */
  priceId: string;
  quantity: number;
  /** The add-on items from then, in order; null: the add-ons stay as they are (a base change only). */
  items: ScheduledItem[] | null;
  requestedAt: Date;
}

/** pending_items as stored (jsonb) → the scheduled add-ons; anything else is "unchanged". */
function scheduledItemsFromJson(value: unknown): ScheduledItem[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((item: { id?: unknown; priceId?: unknown; quantity?: unknown }) => ({ id: typeof item.id === 'string' ? item.id : null, priceId: String(item.priceId), quantity: Number(item.quantity) }));
}

/** A paused subscription's collection settings (Stripe's pause_collection). */
export interface PauseCollection {
  behavior: PauseBehavior;
  /** When the billing cycle resumes it; null: only by hand. */
  resumesAt: Date | null;
  pausedAt: Date;
}

/** The price and quantity billed from now on (an immediate change); any scheduled change is dropped, a newer change replaces it. */
export async function saveSubscriptionItem(client: PoolClient, id: string, item: { priceId: string; quantity: number }): Promise<void> {
  await client.query(
    `UPDATE subscriptions SET price_id = $2, quantity = $3, pending_price_id = NULL, pending_quantity = NULL, pending_change_requested_at = NULL, pending_items = NULL, updated_at = now() WHERE id = $1`,
    [id, item.priceId, item.quantity],
  );
}

/** Schedules (or, with null, drops) the change for the end of the current period. */
export async function saveScheduledChange(client: PoolClient, id: string, change: ScheduledChange | null): Promise<void> {
  await client.query(`UPDATE subscriptions SET pending_price_id = $2, pending_quantity = $3, pending_change_requested_at = $4, pending_items = $5::jsonb, updated_at = now() WHERE id = $1`, [
    id,
    change?.priceId ?? null,
    change?.quantity ?? null,
    change?.requestedAt ?? null,
    change?.items ? JSON.stringify(change.items) : null,
  ]);
}

/** Writes the machine's state after pause or resume with the pause's settings (null when resumed). */
export async function savePauseState(client: PoolClient, id: string, state: SubscriptionState, pause: PauseCollection | null): Promise<void> {
  await client.query(
    `UPDATE subscriptions SET status = $2::"SubscriptionStatus", pause_behavior = $3::"PauseBehavior", pause_resumes_at = $4, paused_at = $5, updated_at = now() WHERE id = $1`,
    [id, state.status, pause?.behavior ?? null, pause?.resumesAt ?? null, pause?.pausedAt ?? null],
  );
}

/** Paused subscriptions whose resume date has come, locked (SKIP LOCKED: concurrent cycles share them). */
export async function claimSubscriptionsToResume(client: PoolClient, asOf: Date, limit: number, scope: ClockScope = WALL_CLOCK_SCOPE): Promise<LockedSubscription[]> {
  const { rows } = await client.query<{ id: string; status: SubscriptionStatus; cancel_at_period_end: boolean; canceled_at: Date | null; ended_at: Date | null }>(
    `SELECT id, status, cancel_at_period_end, canceled_at, ended_at FROM subscriptions
      WHERE status = 'paused' AND pause_resumes_at <= $1 AND ${clockScopeSql('test_clock_id', '$3')}
      ORDER BY pause_resumes_at LIMIT $2
        FOR UPDATE SKIP LOCKED`,
    [asOf, limit, scope.testClockId],
  );
  return rows.map((row) => ({ id: row.id, status: row.status, cancelAtPeriodEnd: row.cancel_at_period_end, canceledAt: row.canceled_at, endedAt: row.ended_at }));
}

// --- Reads ---

export interface SubscriptionRecord extends SubscriptionState {
  id: string;
  customerId: string;
  priceId: string;
  quantity: number;
  billingAnchor: Date;
  billingAnchorDay: number | null;
  timeZone: string;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  trialEnd: Date | null;
  metadata: unknown;
  createdAt: Date;
  /** The change the billing cycle applies when the current period ends; null: none. */
  pendingChange: ScheduledChange | null;
  /** Set while paused. */
  pauseCollection: PauseCollection | null;
  /** The add-on items billed with the base price (priceId, quantity) every period, oldest first. */
  items: SubscriptionItemRecord[];
}

interface SubscriptionRow {
  id: string;
  customer_id: string;
  price_id: string;
  status: SubscriptionStatus;
  quantity: number;
  billing_anchor: Date;
  billing_anchor_day: number | null;
  time_zone: string;
  current_period_start: Date;
  current_period_end: Date;
  trial_end: Date | null;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  ended_at: Date | null;
  metadata: unknown;
  created_at: Date;
  pending_price_id: string | null;
  pending_quantity: number | null;
  pending_change_requested_at: Date | null;
  pending_items: unknown;
  pause_behavior: PauseBehavior | null;
  pause_resumes_at: Date | null;
  paused_at: Date | null;
}

const SUBSCRIPTION_COLUMNS = `id, customer_id, price_id, status, quantity, billing_anchor, billing_anchor_day, time_zone, current_period_start, current_period_end, trial_end,
  cancel_at_period_end, canceled_at, ended_at, metadata, created_at, pending_price_id, pending_quantity, pending_change_requested_at, pending_items,
  pause_behavior, pause_resumes_at, paused_at`;

const toSubscriptionRecord = (row: SubscriptionRow): SubscriptionRecord => ({
  id: row.id,
  customerId: row.customer_id,
  priceId: row.price_id,
  status: row.status,
  quantity: row.quantity,
  billingAnchor: row.billing_anchor,
  billingAnchorDay: row.billing_anchor_day,
  timeZone: row.time_zone,
  currentPeriodStart: row.current_period_start,
  currentPeriodEnd: row.current_period_end,
  trialEnd: row.trial_end,
  cancelAtPeriodEnd: row.cancel_at_period_end,
  canceledAt: row.canceled_at,
  endedAt: row.ended_at,
  metadata: row.metadata,
  createdAt: row.created_at,
  pendingChange:
    row.pending_price_id && row.pending_quantity !== null && row.pending_change_requested_at
      ? { priceId: row.pending_price_id, quantity: row.pending_quantity, items: scheduledItemsFromJson(row.pending_items), requestedAt: row.pending_change_requested_at }
      : null,
  pauseCollection: row.pause_behavior && row.paused_at ? { behavior: row.pause_behavior, resumesAt: row.pause_resumes_at, pausedAt: row.paused_at } : null,
  items: [],
});

export async function findSubscription(db: Queryable, id: string): Promise<SubscriptionRecord | undefined> {
  const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1`, [id]);
  return rows[0] && (await withItems(db, [toSubscriptionRecord(rows[0])]))[0];
}

/** The whole subscription, locked for the rest of the caller's transaction (a change reads and writes it). */
export async function lockSubscription(client: PoolClient, id: string): Promise<SubscriptionRecord | undefined> {
  const { rows } = await client.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1 FOR UPDATE`, [id]);
  // Its items are written only under this lock: read after it, they are as current as the row.
  return rows[0] && (await withItems(client, [toSubscriptionRecord(rows[0])]))[0];
}

/** The subscriptions with these ids (any order). */
export async function selectSubscriptionsByIds(db: Queryable, ids: readonly string[]): Promise<SubscriptionRecord[]> {
  const { rows } = await db.query<SubscriptionRow>(`SELECT ${SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = ANY($1::uuid[])`, [ids]);
  return withItems(db, rows.map(toSubscriptionRecord));
}

/**
 * Marks the trials ending in (from, until] that were not noticed yet, returning their ids: each
 * subscription is noticed once, even by concurrent runs (the second finds the column set).
 */
export async function markTrialsEndingSoon(client: Queryable, from: Date, until: Date, scope: ClockScope = WALL_CLOCK_SCOPE): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `UPDATE subscriptions SET trial_will_end_noticed_at = now()
      WHERE status = 'trialing' AND trial_end > $1 AND trial_end <= $2 AND trial_will_end_noticed_at IS NULL AND ${clockScopeSql('test_clock_id', '$3')}
      RETURNING id`,
    [from, until, scope.testClockId],
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
  return withItems(db, rows.map(toSubscriptionRecord));
}

/** A subscription's keyset position (primary key lookup), for starting_after / ending_before. */
export async function subscriptionPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM subscriptions WHERE id = $1', [id]);
  return rows[0];
}

// --- The billing cycle's batch (set-based: one SELECT claims, one UPDATE writes back) ---

/** A price as the billing cycle bills it: a quantity of it (priceChargeLines gives the lines). */
export interface BilledItem {
  priceId: string;
  quantity: number;
  unitAmount: bigint;
  planName: string;
  billingScheme: BillingScheme;
  tiersMode: TiersMode | null;
  tiers: PriceTier[] | null;
}

/** A scheduled add-on item with its price (id null: added when the change applies). */
export type ScheduledAddOn = BilledItem & { id: string | null };

/** A live subscription whose current period ended, with what billing its next period needs. */
export interface DueSubscription extends LockedSubscription, BilledItem {
  customerId: string;
  billingAnchor: Date;
  billingAnchorDay: number | null;
  timeZone: string;
  currentPeriodEnd: Date;
  currency: string;
  interval: Interval;
  intervalCount: number;
  /** The change scheduled for this period end (same currency and cycle, by changeRefusal), with its price. */
  scheduledItem: BilledItem | null;
  /** The add-on items, billed every period with the base item (same currency and cycle). */
  addOns: BilledItem[];
  /** The add-on items the scheduled change bills from this period end, with their prices; null: the add-ons stay as they are. */
  scheduledAddOns: ScheduledAddOn[] | null;
  /** Prices the scheduled add-ons name that no longer exist (their plan was deleted since): the cycle cannot bill it so. */
  missingScheduledPriceIds: string[];
  /** Set while paused. */
  pauseBehavior: PauseBehavior | null;
  pauseResumesAt: Date | null;
}

/**
 * Claims up to `limit` live subscriptions whose period ended by `asOf`, oldest first, leaving out
 * `excludedIds`. FOR UPDATE SKIP LOCKED: concurrent runs share the work instead of doubling it.
 * The price and plan columns are joined here, in the one measured statement, rather than read
 * once per subscription through the catalog.
 */
export async function claimDueSubscriptions(client: PoolClient, asOf: Date, limit: number, excludedIds: string[], scope: ClockScope = WALL_CLOCK_SCOPE): Promise<DueSubscription[]> {
  const { rows } = await client.query<{
    id: string;
    customer_id: string;
    price_id: string;
    status: SubscriptionStatus;
    quantity: number;
    billing_anchor: Date;
    billing_anchor_day: number | null;
    time_zone: string;
    current_period_end: Date;
    cancel_at_period_end: boolean;
    canceled_at: Date | null;
    ended_at: Date | null;
    currency: string;
    unit_amount: string;
    interval: Interval;
    interval_count: number;
    plan_name: string;
    pending_price_id: string | null;
    pending_quantity: number | null;
    pending_unit_amount: string | null;
    pending_plan_name: string | null;
    pause_behavior: PauseBehavior | null;
    pause_resumes_at: Date | null;
    billing_scheme: BillingScheme;
    tiers_mode: TiersMode | null;
    tiers: unknown;
    pending_billing_scheme: BillingScheme | null;
    pending_tiers_mode: TiersMode | null;
    pending_tiers: unknown;
    pending_items: unknown;
  }>(
    `SELECT s.id, s.customer_id, s.price_id, s.status, s.quantity, s.billing_anchor, s.billing_anchor_day, s.time_zone, s.current_period_end, s.cancel_at_period_end, s.canceled_at, s.ended_at,
            p.currency, p.unit_amount, p.interval, p.interval_count, pl.name AS plan_name, p.billing_scheme, p.tiers_mode, p.tiers,
            s.pending_price_id, s.pending_quantity, np.unit_amount AS pending_unit_amount, npl.name AS pending_plan_name,
            np.billing_scheme AS pending_billing_scheme, np.tiers_mode AS pending_tiers_mode, np.tiers AS pending_tiers,
            s.pending_items, s.pause_behavior, s.pause_resumes_at
       FROM subscriptions s
       JOIN prices p ON p.id = s.price_id
       JOIN plans pl ON pl.id = p.plan_id
       LEFT JOIN prices np ON np.id = s.pending_price_id
       LEFT JOIN plans npl ON npl.id = np.plan_id
      WHERE s.status IN ('trialing', 'active', 'past_due', 'paused') AND s.current_period_end <= $1 AND NOT (s.id = ANY($3::uuid[]))
        AND ${clockScopeSql('s.test_clock_id', '$4')}
      ORDER BY s.current_period_end
      LIMIT $2
        FOR UPDATE OF s SKIP LOCKED`,
    [asOf, limit, excludedIds, scope.testClockId],
  );
  const addOns = await selectBilledAddOns(client, rows.map((row) => row.id));
  const scheduled = new Map(rows.flatMap((row) => (row.pending_price_id ? [[row.id, scheduledItemsFromJson(row.pending_items)] as const] : [])));
  const scheduledPrices = await selectBilledPrices(client, [...scheduled.values()].flatMap((items) => (items ?? []).map((item) => item.priceId)));
  // A scheduled price whose plan was deleted since (jsonb holds no foreign key) has none: reported, never billed at 0.
  const withPrice = (items: ScheduledItem[]): ScheduledAddOn[] =>
    items.flatMap((item) => {
      const price = scheduledPrices.get(item.priceId);
      return price ? [{ ...price, id: item.id, priceId: item.priceId, quantity: item.quantity }] : [];
    });
  const missingPrices = (items: ScheduledItem[] | null | undefined) => (items ?? []).flatMap((item) => (scheduledPrices.has(item.priceId) ? [] : [item.priceId]));
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
    billingAnchorDay: row.billing_anchor_day,
    timeZone: row.time_zone,
    currentPeriodEnd: row.current_period_end,
    currency: row.currency,
    unitAmount: BigInt(row.unit_amount),
    interval: row.interval,
    intervalCount: row.interval_count,
    planName: row.plan_name,
    billingScheme: row.billing_scheme,
    tiersMode: row.tiers_mode,
    tiers: tiersFromJson(row.tiers),
    scheduledItem:
      row.pending_price_id && row.pending_quantity !== null && row.pending_unit_amount !== null
        ? {
            priceId: row.pending_price_id,
            quantity: row.pending_quantity,
            unitAmount: BigInt(row.pending_unit_amount),
            planName: row.pending_plan_name!,
            billingScheme: row.pending_billing_scheme!,
            tiersMode: row.pending_tiers_mode,
            tiers: tiersFromJson(row.pending_tiers),
          }
        : null,
    addOns: addOns.get(row.id) ?? [],
    scheduledAddOns: scheduled.get(row.id) ? withPrice(scheduled.get(row.id)!) : null,
    missingScheduledPriceIds: missingPrices(scheduled.get(row.id)),
    pauseBehavior: row.pause_behavior,
    pauseResumesAt: row.pause_resumes_at,
  }));
}

/** The add-on items of a claimed batch with their prices (one statement for the batch; none for most subscriptions). */
async function selectBilledAddOns(client: PoolClient, subscriptionIds: readonly string[]): Promise<Map<string, BilledItem[]>> {
  const byId = new Map<string, BilledItem[]>();
  if (subscriptionIds.length === 0) return byId;
  const { rows } = await client.query<{ subscription_id: string; price_id: string; quantity: number; unit_amount: string; plan_name: string; billing_scheme: BillingScheme; tiers_mode: TiersMode | null; tiers: unknown }>(
    `SELECT si.subscription_id, si.price_id, si.quantity, p.unit_amount, pl.name AS plan_name, p.billing_scheme, p.tiers_mode, p.tiers
       FROM subscription_items si JOIN prices p ON p.id = si.price_id JOIN plans pl ON pl.id = p.plan_id
      WHERE si.subscription_id = ANY($1::uuid[])
      ORDER BY si.created_at, si.id`,
    [subscriptionIds],
  );
  for (const row of rows) {
    const item: BilledItem = { priceId: row.price_id, quantity: row.quantity, unitAmount: BigInt(row.unit_amount), planName: row.plan_name, billingScheme: row.billing_scheme, tiersMode: row.tiers_mode, tiers: tiersFromJson(row.tiers) };
    byId.set(row.subscription_id, [...(byId.get(row.subscription_id) ?? []), item]);
  }
  return byId;
}

/** The prices (with their plan's name) a batch's scheduled add-ons bill at, by id (one statement; none for most batches). */
async function selectBilledPrices(client: PoolClient, priceIds: readonly string[]): Promise<Map<string, Omit<BilledItem, 'quantity'>>> {
  const byId = new Map<string, Omit<BilledItem, 'quantity'>>();
  if (priceIds.length === 0) return byId;
  const { rows } = await client.query<{ id: string; unit_amount: string; plan_name: string; billing_scheme: BillingScheme; tiers_mode: TiersMode | null; tiers: unknown }>(
    `SELECT p.id, p.unit_amount, pl.name AS plan_name, p.billing_scheme, p.tiers_mode, p.tiers FROM prices p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = ANY($1::uuid[])`,
    [[...new Set(priceIds)]],
  );
  for (const row of rows) byId.set(row.id, { priceId: row.id, unitAmount: BigInt(row.unit_amount), planName: row.plan_name, billingScheme: row.billing_scheme, tiersMode: row.tiers_mode, tiers: tiersFromJson(row.tiers) });
  return byId;
}

/** A claimed subscription's new state (from the machine), current period, and the price it bills from now on. */
export interface SubscriptionAdvance {
  id: string;
  state: SubscriptionState;
  periodStart: Date;
  periodEnd: Date;
  /** The scheduled change applied (its price and quantity), or the current ones; the scheduled change is cleared either way. */
  item: { priceId: string; quantity: number };
  /** Resumed at its resume date: the pause settings are cleared. */
  resumed: boolean;
  /** The scheduled change's add-on items, written now (kept ones updated, others removed, new ones added); null: unchanged. */
  addOns: readonly ScheduledItem[] | null;
}

/** Writes back a batch of advances in one statement (the caller holds the rows' locks). */
export async function saveSubscriptionAdvances(client: PoolClient, advances: SubscriptionAdvance[]): Promise<void> {
  if (advances.length === 0) return;
  await client.query(
    `UPDATE subscriptions s
        SET status = u.status::"SubscriptionStatus", cancel_at_period_end = u.cancel_at_period_end, canceled_at = u.canceled_at, ended_at = u.ended_at,
            current_period_start = u.period_start, current_period_end = u.period_end, price_id = u.price_id, quantity = u.quantity,
            pending_price_id = NULL, pending_quantity = NULL, pending_change_requested_at = NULL, pending_items = NULL,
            pause_behavior = CASE WHEN u.resumed THEN NULL ELSE s.pause_behavior END,
            pause_resumes_at = CASE WHEN u.resumed THEN NULL ELSE s.pause_resumes_at END,
            paused_at = CASE WHEN u.resumed THEN NULL ELSE s.paused_at END,
            updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::boolean[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::uuid[], $9::int[], $10::boolean[])
            AS u(id, status, cancel_at_period_end, canceled_at, ended_at, period_start, period_end, price_id, quantity, resumed)
      WHERE s.id = u.id`,
    [
      advances.map((advance) => advance.id),
      advances.map((advance) => advance.state.status),
      advances.map((advance) => advance.state.cancelAtPeriodEnd),
      advances.map((advance) => advance.state.canceledAt),
      advances.map((advance) => advance.state.endedAt),
      advances.map((advance) => advance.periodStart),
      advances.map((advance) => advance.periodEnd),
      advances.map((advance) => advance.item.priceId),
      advances.map((advance) => advance.item.quantity),
      advances.map((advance) => advance.resumed),
    ],
  );
  for (const advance of advances) if (advance.addOns) await replaceSubscriptionItems(client, advance.id, advance.addOns, new Date());
}

/**
 * Makes the subscription's add-on items exactly `items` (a scheduled change applied): the kept ones (by id) take their
 * price and quantity, the others go, those without an id are added, in order. Per subscription: only the few with a
 * scheduled item change pay for it; the caller holds the row lock.
 */
async function replaceSubscriptionItems(client: PoolClient, subscriptionId: string, items: readonly ScheduledItem[], at: Date): Promise<void> {
  const kept = items.flatMap((item) => (item.id ? [item as ScheduledItem & { id: string }] : []));
  await client.query('DELETE FROM subscription_items WHERE subscription_id = $1 AND NOT (id = ANY($2::uuid[]))', [subscriptionId, kept.map((item) => item.id)]);
  for (const item of kept) await updateSubscriptionItem(client, subscriptionId, item);
  await insertSubscriptionItems(client, subscriptionId, items.flatMap((item) => (item.id ? [] : [{ id: randomUUID(), priceId: item.priceId, quantity: item.quantity }])), at);
}

/**
 * The earliest moment after `after` at which the cycle has something to do for the live subscriptions
 * in `scope`: a period end (a trial's end too), a trial_will_end notice (`noticeMs` before a trial
 * ends) or a pause's resume date; null when there is none. A test clock's advance steps to it.
 */
export async function nextSubscriptionBoundary(db: Queryable, scope: ClockScope, after: Date, noticeMs: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT min(t.at) AS at
       FROM subscriptions s
       CROSS JOIN LATERAL (VALUES (s.current_period_end),
                                  (CASE WHEN s.status = 'trialing' AND s.trial_will_end_noticed_at IS NULL THEN s.trial_end - make_interval(secs => $3::double precision / 1000) END),
                                  (CASE WHEN s.status = 'paused' THEN s.pause_resumes_at END)) AS t(at)
      WHERE s.status IN ('trialing', 'active', 'past_due', 'paused') AND ${clockScopeSql('s.test_clock_id', '$1')} AND t.at > $2`,
    [scope.testClockId, after, noticeMs],
  );
  return rows[0]?.at ?? null;
}

/** The frozen time of the test clock the subscription's customer lives by, or null on the wall clock (a read of customers and test_clocks). */
export async function subscriptionClockTime(db: Queryable, subscriptionId: string): Promise<Date | null> {
  const { rows } = await db.query<{ frozen_time: Date }>(
    'SELECT t.frozen_time FROM subscriptions s JOIN customers c ON c.id = s.customer_id JOIN test_clocks t ON t.id = c.test_clock_id WHERE s.id = $1',
    [subscriptionId],
  );
  return rows[0]?.frozen_time ?? null;
}

/** Every subscription of the customers, whatever its status (deleting a test clock). */
export async function selectSubscriptionIdsOfCustomers(db: Queryable, customerIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM subscriptions WHERE customer_id = ANY($1::uuid[]) ORDER BY id', [customerIds]);
  return rows.map((row) => row.id);
}

/** Deleting a test clock: the subscriptions with their items (after their invoices, discounts and pending items). */
export async function deleteSubscriptions(client: PoolClient, subscriptionIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM subscription_items WHERE subscription_id = ANY($1::uuid[])', [subscriptionIds]);
  await client.query('DELETE FROM subscriptions WHERE id = ANY($1::uuid[])', [subscriptionIds]);
}
