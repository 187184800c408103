// All SQL of the tenant's platform_usage table: one counter row per limited metric and period
// ("" for totals, the month in the tenant's zone for monthly limits), changed in the same transaction as the rows
// it counts. Private to the platform-usage context.
import type { Queryable } from '@nova/common';

export interface UsageKey {
  metric: string;
  period: string;
}

/**
 * Adds `count` to the counter unless the result would pass `max` (null: no maximum). The row is
 * locked until the caller's transaction ends (ON CONFLICT DO UPDATE locks the row even when its
 * WHERE refuses), so concurrent additions at the limit queue up and re-check: exactly as many
 * get through as fit. Returns the new value, or null when it would not fit.
 */
export async function addToUsage(client: Queryable, key: UsageKey, count: number, max: number | null): Promise<number | null> {
  if (max !== null && count > max) return null;
  const { rows } = await client.query<{ used: number }>(
    `INSERT INTO platform_usage (metric, period, used, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (metric, period) DO UPDATE SET used = platform_usage.used + EXCLUDED.used, updated_at = now()
      WHERE $4::int IS NULL OR platform_usage.used + EXCLUDED.used <= $4::int
     RETURNING used`,
    [key.metric, key.period, count, max],
  );
  return rows[0]?.used ?? null;
}

/** Takes `count` off (never below zero: rows made before the counter existed were counted by the migration). */
export async function subtractFromUsage(client: Queryable, key: UsageKey, count: number): Promise<void> {
  await client.query('UPDATE platform_usage SET used = greatest(used - $3, 0), updated_at = now() WHERE metric = $1 AND period = $2', [key.metric, key.period, count]);
}

/** The counters' values (0 for a counter without a row yet), by primary key. */
export async function readUsage(db: Queryable, keys: UsageKey[]): Promise<number[]> {
  const { rows } = await db.query<{ metric: string; period: string; used: number }>(
    'SELECT metric, period, used FROM platform_usage WHERE (metric, period) IN (SELECT * FROM unnest($1::text[], $2::text[]))',
    [keys.map((key) => key.metric), keys.map((key) => key.period)],
  );
  return keys.map((key) => rows.find((row) => row.metric === key.metric && row.period === key.period)?.used ?? 0);
}
