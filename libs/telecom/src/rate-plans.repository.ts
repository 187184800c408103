// Rate plans and their rows (rate_plans, rate_plan_destinations, rate_plan_prefixes,
// rate_plan_rates): all their SQL, raw pg (decks are written with set-based INSERTs).
import type { PoolClient } from 'pg';
import { DomainError } from '@nova/domain';
import { isPgUniqueViolation, type Keyset, type KeysetWindow, keysetSql, numberArrayLiteral, type Queryable, textArrayLiteral } from '@nova/common';
import type { BundleData, DestinationData, RateData, RatingPlanData, RoundingMethod, TimingData } from '@nova/rating';

/** What a rate plan is besides its destinations and rates (the plan row). */
export interface RatePlanSettings {
  name: string;
  currency: string;
  timezone: string;
  rounding: { method: RoundingMethod; decimals: number };
  timings: TimingData[];
  bundles: BundleData[];
}

interface PlanRow {
  id: string;
  name: string;
  currency: string;
  timezone: string;
  rounding_method: RoundingMethod;
  rounding_decimals: number;
  timings: TimingData[];
  bundles: BundleData[];
  version: number;
}

export interface StoredRatePlan extends RatePlanSettings {
  id: string;
  version: number;
}

const PLAN_COLUMNS = 'id, name, currency, timezone, rounding_method, rounding_decimals, timings, bundles, version';

function fromRow(row: PlanRow): StoredRatePlan {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timezone: row.timezone,
    rounding: { method: row.rounding_method, decimals: row.rounding_decimals },
    timings: row.timings,
    bundles: row.bundles,
    version: row.version,
  };
}

export async function findRatePlan(db: Queryable, id: string, lock = false): Promise<StoredRatePlan | null> {
  const { rows } = await db.query<PlanRow>(`SELECT ${PLAN_COLUMNS} FROM rate_plans WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** A rate plan as listed: with how many destinations and rates it holds, and its keyset position. */
export type ListedRatePlan = StoredRatePlan & { destinationCount: number; rateCount: number };

/** One keyset page of rate plans (window.fetch rows, in the window's order) on rate_plans (created_at, id). */
export async function listRatePlans(pool: Queryable, window: KeysetWindow): Promise<{ plan: ListedRatePlan; key: Keyset }[]> {
  const keyset = keysetSql(window, 1);
  const { rows } = await pool.query<PlanRow & { destination_count: number; rate_count: number; created_at: Date }>(
    `SELECT ${PLAN_COLUMNS}, created_at,
            (SELECT count(*)::int FROM rate_plan_destinations d WHERE d.plan_id = p.id) AS destination_count,
            (SELECT count(*)::int FROM rate_plan_rates r WHERE r.plan_id = p.id) AS rate_count
       FROM rate_plans p WHERE ${keyset.where} ORDER BY ${keyset.order} LIMIT $7`,
    [...keyset.values, window.fetch],
  );
  return rows.map((row) => ({ plan: { ...fromRow(row), destinationCount: row.destination_count, rateCount: row.rate_count }, key: { createdAt: row.created_at, id: row.id } }));
}

/** A rate plan's keyset position (primary key lookup), for starting_after / ending_before. */
export async function ratePlanPosition(db: Queryable, id: string): Promise<Keyset | undefined> {
  const { rows } = await db.query<Keyset>('SELECT created_at AS "createdAt", id FROM rate_plans WHERE id = $1', [id]);
  return rows[0];
}

/** The plan as libs/rating's plain data, ready for `compileRatingPlan`. */
export async function loadRatingPlanData(db: Queryable, plan: StoredRatePlan): Promise<RatingPlanData> {
  const [destinations, rates] = await Promise.all([
    db.query<{ name: string; weight: number; prefixes: string[] }>(
      `SELECT d.name, d.weight, coalesce(array_agg(p.prefix) FILTER (WHERE p.prefix IS NOT NULL), '{}') AS prefixes
         FROM rate_plan_destinations d
         LEFT JOIN rate_plan_prefixes p ON p.plan_id = d.plan_id AND p.destination = d.name
        WHERE d.plan_id = $1
        GROUP BY d.name, d.weight`,
      [plan.id],
    ),
    db.query<{ rate_id: string; destination: string; timing: string | null; active_from: string | null; price_per_unit: string; unit_seconds: number; initial_increment: number; subsequent_increment: number; connect_fee: string; min_cost: string | null; max_cost: string | null }>(
      `SELECT rate_id, destination, timing, active_from, price_per_unit, unit_seconds, initial_increment, subsequent_increment, connect_fee, min_cost, max_cost
         FROM rate_plan_rates WHERE plan_id = $1`,
      [plan.id],
    ),
  ]);
  return {
    id: plan.id,
    currency: plan.currency,
    timezone: plan.timezone,
    rounding: plan.rounding,
    timings: plan.timings,
    bundles: plan.bundles,
    destinations: destinations.rows.map((row) => ({ name: row.name, weight: row.weight, prefixes: row.prefixes })),
    rates: rates.rows.map((row) => {
      const rate: RateData = {
        id: row.rate_id,
        destination: row.destination,
        pricePerUnit: row.price_per_unit,
        unitSeconds: row.unit_seconds,
        initialIncrement: row.initial_increment,
        subsequentIncrement: row.subsequent_increment,
        connectFee: row.connect_fee,
      };
      if (row.timing !== null) rate.timing = row.timing;
      if (row.active_from !== null) rate.activeFrom = row.active_from;
      if (row.min_cost !== null) rate.minCost = row.min_cost;
      if (row.max_cost !== null) rate.maxCost = row.max_cost;
      return rate;
    }),
  };
}

/** The plan's version (bumped by every change), or undefined when it does not exist: what the compiled-plan cache checks. */
export async function ratePlanVersion(db: Queryable, id: string): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>('SELECT version FROM rate_plans WHERE id = $1', [id]);
  return rows[0]?.version;
}

/** Plan names are unique: a second plan of the same name is a 409 on `name`. */
function uniqueName(name: string) {
  return (error: unknown): never => {
    throw isPgUniqueViolation(error) ? DomainError.conflict(`a rate plan named "${name}" already exists`, 'name') : error;
  };
}

export async function insertRatePlan(client: PoolClient, id: string, settings: RatePlanSettings): Promise<void> {
  await client.query(
    `INSERT INTO rate_plans (id, name, currency, timezone, rounding_method, rounding_decimals, timings, bundles, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [id, settings.name, settings.currency, settings.timezone, settings.rounding.method, settings.rounding.decimals, JSON.stringify(settings.timings), JSON.stringify(settings.bundles)],
  ).catch(uniqueName(settings.name));
}

/** Updates the plan row and bumps its version, so every process recompiles it on next use. */
export async function updateRatePlanSettings(client: PoolClient, id: string, settings: RatePlanSettings): Promise<void> {
  await client.query(
    `UPDATE rate_plans SET name = $2, currency = $3, timezone = $4, rounding_method = $5, rounding_decimals = $6, timings = $7, bundles = $8,
            version = version + 1, updated_at = now()
      WHERE id = $1`,
    [id, settings.name, settings.currency, settings.timezone, settings.rounding.method, settings.rounding.decimals, JSON.stringify(settings.timings), JSON.stringify(settings.bundles)],
  ).catch(uniqueName(settings.name));
}

export async function deleteRatePlan(client: PoolClient, id: string): Promise<void> {
  await client.query('DELETE FROM rate_plans WHERE id = $1', [id]);
}

/**
 * Replaces a plan's destinations, prefixes and rates with three set-based INSERTs (unnest), whatever
 * the deck's size, and bumps the version. Runs in the caller's transaction.
 */
export async function replacePlanRows(client: PoolClient, planId: string, destinations: readonly DestinationData[], rates: readonly RateData[]): Promise<void> {
  await writePlanRows(client, planId, planRowsParams(destinations, rates));
}

/**
 * A plan's destinations, prefixes and rates as the array literals of the three INSERTs of
 * writePlanRows: plain strings, built where the CPU is free (a deck import builds them in its
 * worker thread) and sent as they are (node-postgres would otherwise walk every element).
 */
export interface PlanRowsParams {
  destinations: [names: string, weights: string];
  prefixes: [owners: string, prefixes: string];
  rates: [id: string, destination: string, timing: string, activeFrom: string, pricePerUnit: string, unitSeconds: string, initialIncrement: string, subsequentIncrement: string, connectFee: string, minCost: string, maxCost: string];
}

export function planRowsParams(destinations: readonly DestinationData[], rates: readonly RateData[]): PlanRowsParams {
  const prefixOwners: string[] = [];
  const prefixes: string[] = [];
  for (const destination of destinations) {
    for (const prefix of destination.prefixes) {
      prefixOwners.push(destination.name);
      prefixes.push(prefix);
    }
  }
  return {
    destinations: [textArrayLiteral(destinations.map((d) => d.name)), numberArrayLiteral(destinations.map((d) => d.weight ?? 0))],
    prefixes: [textArrayLiteral(prefixOwners), textArrayLiteral(prefixes)],
    rates: [
      textArrayLiteral(rates.map((r) => r.id)),
      textArrayLiteral(rates.map((r) => r.destination)),
      textArrayLiteral(rates.map((r) => r.timing ?? null)),
      textArrayLiteral(rates.map((r) => r.activeFrom ?? null)),
      textArrayLiteral(rates.map((r) => r.pricePerUnit)),
      numberArrayLiteral(rates.map((r) => r.unitSeconds)),
      numberArrayLiteral(rates.map((r) => r.initialIncrement)),
      numberArrayLiteral(rates.map((r) => r.subsequentIncrement)),
      textArrayLiteral(rates.map((r) => r.connectFee ?? '0')),
      textArrayLiteral(rates.map((r) => r.minCost ?? null)),
      textArrayLiteral(rates.map((r) => r.maxCost ?? null)),
    ],
  };
}

/** Replaces the plan's destinations, prefixes and rates (inside the caller's transaction) and bumps its version. */
export async function writePlanRows(client: PoolClient, planId: string, params: PlanRowsParams): Promise<void> {
  await client.query('DELETE FROM rate_plan_prefixes WHERE plan_id = $1', [planId]);
  await client.query('DELETE FROM rate_plan_destinations WHERE plan_id = $1', [planId]);
  await client.query('DELETE FROM rate_plan_rates WHERE plan_id = $1', [planId]);
  await client.query(`INSERT INTO rate_plan_destinations (plan_id, name, weight) SELECT $1, * FROM unnest($2::text[], $3::int[])`, [planId, ...params.destinations]);
  // A destination listing the same prefix twice stores it once.
  await client.query(`INSERT INTO rate_plan_prefixes (plan_id, destination, prefix) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`, [planId, ...params.prefixes]);
  await client.query(
    `INSERT INTO rate_plan_rates (plan_id, rate_id, destination, timing, active_from, price_per_unit, unit_seconds, initial_increment, subsequent_increment, connect_fee, min_cost, max_cost)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::text[], $11::text[], $12::text[])`,
    [planId, ...params.rates],
  );
  await client.query('UPDATE rate_plans SET version = version + 1, updated_at = now() WHERE id = $1', [planId]);
}
