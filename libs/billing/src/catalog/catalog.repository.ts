// All SQL of the catalogue's tables (products, plans, prices), raw pg: the subscriptions context
// reads a price inside its own transaction (findSubscribablePrice), so every function takes the
// Queryable it runs on; its writes translate database errors through withDomainErrors (@nova/common).
// Private to the catalog context; other code uses ./index.ts.
import type { Pool } from 'pg';
import { inTransaction, type Keyset, type KeysetWindow, keysetSql, Queryable, withDomainErrors } from '@nova/common';
import { type BillingScheme, DomainError, Interval, type PriceTier, type TiersMode, tiersFromJson, tiersToJson } from '@nova/domain';
import type { PlanRecord, PlanWithPrices, PriceRecord, ProductRecord } from './catalog.types';

const PRODUCT_COLUMNS = `id, name, description, active, metadata, tax_code AS "taxCode", tax_rate_id AS "taxRateId", created_at AS "createdAt", updated_at AS "updatedAt"`;
const PLAN_COLUMNS = `id, code, name, description, product_id AS "productId", trial_days AS "trialDays", active, metadata,
                      created_at AS "createdAt", updated_at AS "updatedAt"`;
const PRICE_COLUMNS = `id, plan_id AS "planId", currency, unit_amount AS "unitAmount", interval, interval_count AS "intervalCount",
                       nickname, active, metadata, tax_code AS "taxCode", tax_rate_id AS "taxRateId", created_at AS "createdAt",
                       billing_scheme AS "billingScheme", tiers_mode AS "tiersMode", tiers`;

/** pg returns int8 as text; prices carry their amount as a bigint, their tiers' amounts too. */
type PriceRow = Omit<PriceRecord, 'unitAmount' | 'tiers'> & { unitAmount: string; tiers: unknown };
const toPrice = (row: PriceRow): PriceRecord => ({ ...row, unitAmount: BigInt(row.unitAmount), tiers: tiersFromJson(row.tiers) });

// Updates change what the command gives: `coalesce($n, column)` keeps a field left undefined (none
// of these fields can be cleared: the API refuses null for them).
// JSON columns are sent as text: pg would turn a JS array into a PostgreSQL array.
const json = (value: Record<string, unknown> | undefined) => (value === undefined ? null : JSON.stringify(value));

// ---- products

/** A product's or price's tax settings: what it is (HSN/SAC code) and the rate its lines are taxed at. */
export interface TaxSettingFields {
  taxCode?: string;
  /** A rate of the tax context (tax_rates); a rate that does not exist is a 400 naming taxRateId (foreign key). */
  taxRateId?: string;
}

export interface ProductFields extends TaxSettingFields {
  name: string;
  description?: string;
  active?: boolean;
  metadata?: Record<string, unknown>;
}

export async function insertProduct(db: Queryable, input: ProductFields): Promise<ProductRecord> {
  return withDomainErrors({ body: input }, async () => {
    const { rows } = await db.query<ProductRecord>(
      `INSERT INTO products (id, name, description, active, metadata, tax_code, tax_rate_id, updated_at)
       VALUES (gen_random_uuid(), $1, $2, coalesce($3, true), coalesce($4::jsonb, '{}'), $5, $6, now())
       RETURNING ${PRODUCT_COLUMNS}`,
      [input.name, input.description ?? null, input.active ?? null, json(input.metadata), input.taxCode ?? null, input.taxRateId ?? null],
    );
    return rows[0]!;
  });
}

/** One keyset page of products (window.fetch rows, in the window's order), on products (created_at, id). */
export async function selectProductPage(db: Queryable, window: KeysetWindow): Promise<ProductRecord[]> {
  const keyset = keysetSql(window, 1);
  const { rows } = await db.query<ProductRecord>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch],
  );
  return rows;
}

/** A product's keyset position (primary key lookup), for starting_after / ending_before. */
export async function productPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM products WHERE id = $1', [id]);
  return rows[0];
}

export async function selectProduct(db: Queryable, id: string): Promise<ProductRecord | undefined> {
  const { rows } = await db.query<ProductRecord>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
  return rows[0];
}

export async function productExists(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM products WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

/** A product's or plan's stored metadata, locked for the caller's transaction (a metadata merge); undefined when unknown. */
export async function lockCatalogMetadata(client: Queryable, table: 'products' | 'plans' | 'prices', id: string): Promise<Record<string, unknown> | undefined> {
  const { rows } = await client.query<{ metadata: Record<string, unknown> }>(`SELECT metadata FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0]?.metadata;
}

/** Changes the fields given (undefined keeps a field as it is); undefined when there is no such product. */
export async function updateProductRow(db: Queryable, id: string, changes: Partial<ProductFields>): Promise<ProductRecord | undefined> {
  return withDomainErrors({ body: changes }, async () => {
    const { rows } = await db.query<ProductRecord>(
      `UPDATE products
          SET name = coalesce($2, name), description = coalesce($3, description), active = coalesce($4, active),
              metadata = coalesce($5::jsonb, metadata), tax_code = coalesce($6, tax_code), tax_rate_id = coalesce($7, tax_rate_id), updated_at = now()
        WHERE id = $1
        RETURNING ${PRODUCT_COLUMNS}`,
      [id, changes.name ?? null, changes.description ?? null, changes.active ?? null, json(changes.metadata), changes.taxCode ?? null, changes.taxRateId ?? null],
    );
    return rows[0];
  });
}

export async function countPlansOfProduct(db: Queryable, productId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM plans WHERE product_id = $1', [productId]);
  return rows[0]!.count;
}

export async function deleteProductRow(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM products WHERE id = $1', [id]);
}

// ---- plans and their prices

export interface PlanFields {
  code: string;
  name: string;
  description?: string;
  productId?: string;
  trialDays?: number;
  active?: boolean;
  metadata?: Record<string, unknown>;
}

export async function insertPlan(db: Queryable, input: PlanFields): Promise<PlanRecord> {
  return withDomainErrors({ body: input }, async () => {
    const { rows } = await db.query<PlanRecord>(
      `INSERT INTO plans (id, code, name, description, product_id, trial_days, active, metadata, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, coalesce($5, 0), coalesce($6, true), coalesce($7::jsonb, '{}'), now())
       RETURNING ${PLAN_COLUMNS}`,
      [input.code, input.name, input.description ?? null, input.productId ?? null, input.trialDays ?? null, input.active ?? null, json(input.metadata)],
    );
    return rows[0]!;
  });
}

/** Changes the fields given (undefined keeps a field as it is; the code never changes); undefined when there is no such plan. */
export async function updatePlanRow(db: Queryable, id: string, changes: Partial<Omit<PlanFields, 'code'>>): Promise<PlanRecord | undefined> {
  return withDomainErrors({ body: changes }, async () => {
    const { rows } = await db.query<PlanRecord>(
      `UPDATE plans
          SET name = coalesce($2, name), description = coalesce($3, description), product_id = coalesce($4, product_id),
              trial_days = coalesce($5, trial_days), active = coalesce($6, active), metadata = coalesce($7::jsonb, metadata), updated_at = now()
        WHERE id = $1
        RETURNING ${PLAN_COLUMNS}`,
      [id, changes.name ?? null, changes.description ?? null, changes.productId ?? null, changes.trialDays ?? null, changes.active ?? null, json(changes.metadata)],
    );
    return rows[0];
  });
}

/** The plan with its prices oldest first; undefined when unknown. */
export async function selectPlanWithPrices(db: Queryable, planId: string): Promise<PlanWithPrices | undefined> {
  const { rows: plans } = await db.query<PlanRecord>(`SELECT ${PLAN_COLUMNS} FROM plans WHERE id = $1`, [planId]);
  return (await withPrices(db, plans))[0];
}

/** One keyset page of plans (window.fetch rows, in the window's order) on plans (created_at, id), each with its prices oldest first. */
export async function selectPlanPage(db: Queryable, window: KeysetWindow): Promise<PlanWithPrices[]> {
  const keyset = keysetSql(window, 1);
  const { rows: plans } = await db.query<PlanRecord>(
    `SELECT ${PLAN_COLUMNS} FROM plans WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch],
  );
  return withPrices(db, plans);
}

/** A plan's keyset position (primary key lookup), for starting_after / ending_before. */
export async function planPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM plans WHERE id = $1', [id]);
  return rows[0];
}

/** One keyset page of a plan's prices on prices (plan_id, created_at, id). */
export async function selectPricePage(db: Queryable, planId: string, window: KeysetWindow): Promise<PriceRecord[]> {
  const keyset = keysetSql(window, 2);
  const { rows } = await db.query<PriceRow>(
    `SELECT ${PRICE_COLUMNS} FROM prices WHERE plan_id = $1 AND ${keyset.where} ORDER BY ${keyset.order} LIMIT $8`,
    [planId, ...keyset.values, window.fetch],
  );
  return rows.map(toPrice);
}

/** A price's keyset position among its plan's prices (primary key lookup). */
export async function pricePosition(db: Queryable, planId: string, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM prices WHERE id = $1 AND plan_id = $2', [id, planId]);
  return rows[0];
}

async function withPrices(db: Queryable, plans: PlanRecord[]): Promise<PlanWithPrices[]> {
  if (plans.length === 0) return [];
  const { rows: prices } = await db.query<PriceRow>(`SELECT ${PRICE_COLUMNS} FROM prices WHERE plan_id = ANY($1::uuid[]) ORDER BY created_at ASC`, [plans.map((plan) => plan.id)]);
  const byPlan = new Map<string, PriceRecord[]>(plans.map((plan) => [plan.id, []]));
  for (const price of prices) byPlan.get(price.planId)!.push(toPrice(price));
  return plans.map((plan) => ({ ...plan, prices: byPlan.get(plan.id)! }));
}

export async function planExists(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM plans WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

const isStillReferenced = (error: unknown) => (error as { code?: string }).code === '23503';

/**
 * Deletes the plan and its prices in one transaction. A price somebody subscribed to is kept by
 * the subscriptions' foreign key (RESTRICT): the database says who still refers to it, so the
 * catalogue need not read another context's table.
 */
export async function deletePlanWithPrices(pool: Pool, id: string): Promise<void> {
  try {
    await inTransaction(pool, async (client) => {
      await client.query('DELETE FROM prices WHERE plan_id = $1', [id]);
      await client.query('DELETE FROM plans WHERE id = $1', [id]);
    });
  } catch (error) {
    if (isStillReferenced(error)) throw DomainError.invalidState(`Plan ${id} has subscriptions; set active=false to stop selling it`);
    throw error;
  }
}

export interface PriceFields extends TaxSettingFields {
  planId: string;
  currency: string;
  unitAmount: bigint;
  interval: Interval;
  intervalCount: number;
  nickname?: string;
  metadata?: Record<string, unknown>;
  billingScheme: BillingScheme;
  tiersMode: TiersMode | null;
  tiers: PriceTier[] | null;
}

export async function insertPrice(db: Queryable, input: PriceFields): Promise<PriceRecord> {
  return withDomainErrors({ body: input }, async () => {
    const { rows } = await db.query<PriceRow>(
      `INSERT INTO prices (id, plan_id, currency, unit_amount, interval, interval_count, nickname, metadata, tax_code, tax_rate_id, billing_scheme, tiers_mode, tiers)
       VALUES (gen_random_uuid(), $1, $2, $3, $4::"PriceInterval", $5, $6, coalesce($7::jsonb, '{}'), $8, $9, $10, $11, $12::jsonb)
       RETURNING ${PRICE_COLUMNS}`,
      [
        input.planId, input.currency, input.unitAmount.toString(), input.interval, input.intervalCount, input.nickname ?? null, json(input.metadata), input.taxCode ?? null, input.taxRateId ?? null,
        input.billingScheme, input.tiersMode, input.tiers && tiersToJson(input.tiers),
      ],
    );
    return toPrice(rows[0]!);
  });
}

/** What may change on a price once it exists (amount, currency and interval never do: make a new price). */
export interface PriceChanges extends TaxSettingFields {
  nickname?: string;
  active?: boolean;
  metadata?: Record<string, unknown>;
}

export async function updatePriceRow(db: Queryable, id: string, changes: PriceChanges): Promise<PriceRecord | undefined> {
  return withDomainErrors({ body: changes }, async () => {
    const { rows } = await db.query<PriceRow>(
      `UPDATE prices SET nickname = coalesce($2, nickname), active = coalesce($3, active), metadata = coalesce($4::jsonb, metadata),
              tax_code = coalesce($5, tax_code), tax_rate_id = coalesce($6, tax_rate_id)
        WHERE id = $1 RETURNING ${PRICE_COLUMNS}`,
      [id, changes.nickname ?? null, changes.active ?? null, json(changes.metadata), changes.taxCode ?? null, changes.taxRateId ?? null],
    );
    return rows[0] && toPrice(rows[0]);
  });
}

// ---- reads for other contexts

/** A price with what subscribing to it needs from its plan. */
export interface SubscribablePrice {
  id: string;
  currency: string;
  /** Minor units per period. */
  unitAmount: bigint;
  interval: Interval;
  intervalCount: number;
  /** False once the price is retired; with planActive, whether new subscriptions may use it. */
  active: boolean;
  planActive: boolean;
  /** Names the invoice line of each period. */
  planName: string;
  /** The plan's default free trial, in days (0: none). */
  trialDays: number;
  /** How a quantity is billed (priceAmount, priceChargeLines): unitAmount × quantity, or the tiers. */
  billingScheme: BillingScheme;
  tiersMode: TiersMode | null;
  tiers: PriceTier[] | null;
}

/** The price with its plan, for subscribing; undefined when unknown. */
export async function findSubscribablePrice(client: Queryable, priceId: string): Promise<SubscribablePrice | undefined> {
  const { rows } = await client.query<Omit<SubscribablePrice, 'unitAmount' | 'tiers'> & { unitAmount: string; tiers: unknown }>(
    `SELECT p.id, p.currency, p.unit_amount AS "unitAmount", p.interval, p.interval_count AS "intervalCount", p.active,
            pl.active AS "planActive", pl.name AS "planName", pl.trial_days AS "trialDays",
            p.billing_scheme AS "billingScheme", p.tiers_mode AS "tiersMode", p.tiers
       FROM prices p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = $1`,
    [priceId],
  );
  const row = rows[0];
  return row && { ...row, unitAmount: BigInt(row.unitAmount), tiers: tiersFromJson(row.tiers) };
}

/** What a price's invoice lines are taxed with: the price's own tax code and rate, else its product's. */
export interface PriceTaxSetting {
  taxCode: string | null;
  taxRateId: string | null;
}

/** The tax settings of a batch of prices (one query; prices without any are left out). */
export async function selectPriceTaxSettings(client: Queryable, priceIds: readonly string[]): Promise<Map<string, PriceTaxSetting>> {
  if (priceIds.length === 0) return new Map();
  const { rows } = await client.query<PriceTaxSetting & { id: string }>(
    `SELECT p.id, coalesce(p.tax_code, pr.tax_code) AS "taxCode", coalesce(p.tax_rate_id, pr.tax_rate_id) AS "taxRateId"
       FROM prices p JOIN plans pl ON pl.id = p.plan_id LEFT JOIN products pr ON pr.id = pl.product_id
      WHERE p.id = ANY($1::uuid[]) AND (coalesce(p.tax_code, pr.tax_code) IS NOT NULL OR coalesce(p.tax_rate_id, pr.tax_rate_id) IS NOT NULL)`,
    [priceIds],
  );
  return new Map(rows.map((row) => [row.id, { taxCode: row.taxCode, taxRateId: row.taxRateId }]));
}
