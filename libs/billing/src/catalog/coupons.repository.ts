// All SQL of coupons and discounts (raw pg). Discounts are read and counted inside the issuing
// transaction (the billing cycle, a new subscription), so those functions take its client.
// Private to the catalog context; other code uses ./index.ts.
import type { PoolClient } from 'pg';
import { type Keyset, type KeysetWindow, isUuid, keysetSql, type Queryable, withDomainErrors } from '@nova/common';
import type { CouponDuration } from '@nova/domain';
import type { CouponRecord, DiscountRecord } from './catalog.types';

const COUPON_COLUMNS = `id, code, name, percent_off_basis_points AS "percentOffBasisPoints", amount_off::text AS "amountOff", currency, duration,
                        duration_in_months AS "durationInMonths", max_redemptions AS "maxRedemptions", times_redeemed AS "timesRedeemed",
                        redeem_by AS "redeemBy", active, metadata, created_at AS "createdAt", updated_at AS "updatedAt"`;
const DISCOUNT_COLUMNS = `d.id, d.coupon_id AS "couponId", d.subscription_id AS "subscriptionId", d.customer_id AS "customerId", d.start,
                          d.invoices_discounted AS "invoicesDiscounted", d.ended_at AS "endedAt", d.created_at AS "createdAt"`;

type CouponRow = Omit<CouponRecord, 'amountOff'> & { amountOff: string | null };
const toCoupon = (row: CouponRow): CouponRecord => ({ ...row, amountOff: row.amountOff === null ? null : BigInt(row.amountOff) });

export interface NewCoupon {
  code: string;
  name: string | null;
  percentOffBasisPoints: number | null;
  amountOff: bigint | null;
  currency: string | null;
  duration: CouponDuration;
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: Date | null;
  metadata: Record<string, unknown>;
}

export async function insertCoupon(db: Queryable, coupon: NewCoupon): Promise<CouponRecord> {
  return withDomainErrors({ body: coupon }, async () => {
    const { rows } = await db.query<CouponRow>(
      `INSERT INTO coupons (id, code, name, percent_off_basis_points, amount_off, currency, duration, duration_in_months, max_redemptions, redeem_by, metadata, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::"CouponDuration", $7, $8, $9, $10::jsonb, now())
       RETURNING ${COUPON_COLUMNS}`,
      [coupon.code, coupon.name, coupon.percentOffBasisPoints, coupon.amountOff, coupon.currency, coupon.duration, coupon.durationInMonths, coupon.maxRedemptions, coupon.redeemBy, JSON.stringify(coupon.metadata)],
    );
    return toCoupon(rows[0]!);
  });
}

/** By id or by code (what customers type), optionally locked to count a redemption. */
export async function findCoupon(db: Queryable, idOrCode: string, forUpdate = false): Promise<CouponRecord | undefined> {
  const byId = isUuid(idOrCode);
  const { rows } = await db.query<CouponRow>(`SELECT ${COUPON_COLUMNS} FROM coupons WHERE ${byId ? 'id = $1::uuid' : 'code = $1'}${forUpdate ? ' FOR UPDATE' : ''}`, [idOrCode]);
  return rows[0] && toCoupon(rows[0]);
}

export async function selectCouponPage(db: Queryable, window: KeysetWindow): Promise<CouponRecord[]> {
  const keyset = keysetSql(window, 1);
  const { rows } = await db.query<CouponRow>(`SELECT ${COUPON_COLUMNS} FROM coupons WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`, [...keyset.values, window.fetch]);
  return rows.map(toCoupon);
}

export async function couponPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM coupons WHERE id = $1', [id]);
  return rows[0];
}

/** Name, active and metadata are all a coupon lets change once made (its terms are what customers were promised). */
export async function updateCouponRow(db: Queryable, id: string, change: { name?: string | null; active?: boolean; metadata?: Record<string, unknown> }): Promise<CouponRecord | undefined> {
  const { rows } = await db.query<CouponRow>(
    `UPDATE coupons SET name = CASE WHEN $2 THEN $3 ELSE name END, active = coalesce($4, active), metadata = coalesce($5::jsonb, metadata), updated_at = now()
      WHERE id = $1 RETURNING ${COUPON_COLUMNS}`,
    [id, change.name !== undefined, change.name ?? null, change.active ?? null, change.metadata === undefined ? null : JSON.stringify(change.metadata)],
  );
  return rows[0] && toCoupon(rows[0]);
}

export async function countRedemption(client: PoolClient, couponId: string): Promise<void> {
  await client.query('UPDATE coupons SET times_redeemed = times_redeemed + 1, updated_at = now() WHERE id = $1', [couponId]);
}

// ---- discounts

export type DiscountTarget = { subscriptionId: string; customerId?: undefined } | { customerId: string; subscriptionId?: undefined };

const targetCondition = (target: DiscountTarget) => (target.subscriptionId ? 'd.subscription_id = $1' : 'd.customer_id = $1');
const targetId = (target: DiscountTarget) => target.subscriptionId ?? target.customerId!;

/**
 * Serializes the discount changes of one subscription or customer for the rest of the transaction
 * (a transaction-scoped advisory lock on its id): two applications at once leave one discount.
 */
export async function lockDiscountTarget(client: PoolClient, target: DiscountTarget): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('discount:' || $1, 0))`, [targetId(target)]);
}

export async function findActiveDiscount(db: Queryable, target: DiscountTarget): Promise<DiscountRecord | undefined> {
  const { rows } = await db.query<DiscountRecord>(`SELECT ${DISCOUNT_COLUMNS} FROM discounts d WHERE ${targetCondition(target)} AND d.ended_at IS NULL`, [targetId(target)]);
  return rows[0];
}

export async function insertDiscount(client: PoolClient, discount: { couponId: string; start: Date } & DiscountTarget): Promise<DiscountRecord> {
  return withDomainErrors({ body: discount }, async () => {
    const { rows } = await client.query<DiscountRecord>(
      `INSERT INTO discounts AS d (id, coupon_id, subscription_id, customer_id, start) VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING ${DISCOUNT_COLUMNS}`,
      [discount.couponId, discount.subscriptionId ?? null, discount.customerId ?? null, discount.start],
    );
    return rows[0]!;
  });
}

export async function endDiscount(client: PoolClient, discountId: string, at: Date): Promise<void> {
  await client.query('UPDATE discounts SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [discountId, at]);
}

/** A discount that may apply to an invoice being issued, with its coupon's terms. */
export interface ApplicableDiscount extends DiscountRecord {
  coupon: CouponRecord;
}

/**
 * The discount of each subscription being billed, locked for counting: the subscription's own,
 * else its customer's (Stripe: a subscription's discount wins over the customer's). Two
 * statements for the whole batch, whatever its size.
 */
export async function lockDiscountsFor(client: PoolClient, subscriptions: readonly { subscriptionId: string; customerId: string }[]): Promise<Map<string, ApplicableDiscount>> {
  if (subscriptions.length === 0) return new Map();
  const { rows } = await client.query<DiscountRecord>(
    `SELECT ${DISCOUNT_COLUMNS} FROM discounts d
      WHERE d.ended_at IS NULL AND (d.subscription_id = ANY($1::uuid[]) OR (d.subscription_id IS NULL AND d.customer_id = ANY($2::uuid[])))
      ORDER BY d.id FOR UPDATE`,
    [subscriptions.map((entry) => entry.subscriptionId), [...new Set(subscriptions.map((entry) => entry.customerId))]],
  );
  if (rows.length === 0) return new Map();
  const coupons = await client.query<CouponRow>(`SELECT ${COUPON_COLUMNS} FROM coupons WHERE id = ANY($1::uuid[])`, [[...new Set(rows.map((row) => row.couponId))]]);
  const couponById = new Map(coupons.rows.map((row) => [row.id, toCoupon(row)]));
  const bySubscription = new Map(rows.filter((row) => row.subscriptionId).map((row) => [row.subscriptionId!, row]));
  const byCustomer = new Map(rows.filter((row) => !row.subscriptionId).map((row) => [row.customerId!, row]));
  const found = new Map<string, ApplicableDiscount>();
  for (const { subscriptionId, customerId } of subscriptions) {
    const discount = bySubscription.get(subscriptionId) ?? byCustomer.get(customerId);
    if (discount) found.set(subscriptionId, { ...discount, coupon: couponById.get(discount.couponId)! });
  }
  return found;
}

/** More invoices discounted; a `once` discount ends with its invoice. */
export async function recordDiscountUse(client: PoolClient, uses: readonly { discountId: string; count: number; endsNow: boolean; at: Date }[]): Promise<void> {
  if (uses.length === 0) return;
  await client.query(
    `UPDATE discounts d SET invoices_discounted = d.invoices_discounted + u.count, ended_at = CASE WHEN u.ends_now THEN u.at ELSE d.ended_at END
       FROM unnest($1::uuid[], $2::int[], $3::boolean[], $4::timestamptz[]) AS u(id, count, ends_now, at) WHERE d.id = u.id`,
    [uses.map((use) => use.discountId), uses.map((use) => use.count), uses.map((use) => use.endsNow), uses.map((use) => use.at)],
  );
}

/** Deleting a test clock: the discounts of its customers and of their subscriptions. */
export async function deleteDiscountsOfCustomers(client: PoolClient, customerIds: readonly string[], subscriptionIds: readonly string[]): Promise<void> {
  await client.query('DELETE FROM discounts WHERE customer_id = ANY($1::uuid[]) OR subscription_id = ANY($2::uuid[])', [customerIds, subscriptionIds]);
}
