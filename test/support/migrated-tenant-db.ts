// Medium tests of the billing use cases: a fresh tenant database of their own, with every tenant
// migration applied (Immich's tier: real PostgreSQL, no mocks), and a realistic starting point.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createSubscription } from '@nova/billing';
import type { Interval } from '@nova/domain';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { TenantDatabase, tenantDatabaseOn } from '@nova/tenant-db';
import { endPoolCompletely, withAdminConnection } from './test-databases';
import { PG_SERVER_URL, TEST_DB_PREFIX } from './test-env';

/** Named under TEST_DB_PREFIX, so the run's teardown drops it even when the file does not get to. */
export interface MigratedTenantDb {
  readonly pool: Pool;
  /** The pool as use cases take it. */
  readonly db: TenantDatabase;
  drop(): Promise<void>;
}

export async function migratedTenantDb(name: string): Promise<MigratedTenantDb> {
  const dbName = `${TEST_DB_PREFIX}${name}_${randomBytes(4).toString('hex')}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${dbName}"`));
  await migrateDatabase(`${PG_SERVER_URL}/${dbName}`, await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`));
  const pool = new Pool({ connectionString: `${PG_SERVER_URL}/${dbName}`, max: 4 });
  const endPool = endPoolCompletely(pool);
  const db = tenantDatabaseOn(pool);
  return {
    pool,
    db,
    drop: async () => {
      await endPool();
      await withAdminConnection((admin) => admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    },
  };
}

/** A customer (no preferred currency unless given). */
export async function seedCustomer(pool: Pool, currency: string | null = null): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO customers (id, name, email, currency, updated_at) VALUES (gen_random_uuid(), 'Amani', $1, $2, now()) RETURNING id`,
    [`amani-${randomBytes(4).toString('hex')}@example.test`, currency],
  );
  return rows[0]!.id;
}

export interface SeedPriceOptions {
  interval?: Interval;
  intervalCount?: number;
  unitAmount?: bigint;
  trialDays?: number;
  currency?: string;
}

/** A plan ('Pro', with the trial given) and one price of it; defaults: KES 2 500.00 a month, no trial. */
export async function seedPrice(pool: Pool, options: SeedPriceOptions = {}): Promise<string> {
  const suffix = randomBytes(4).toString('hex');
  const { rows: plans } = await pool.query<{ id: string }>(`INSERT INTO plans (id, code, name, trial_days, updated_at) VALUES (gen_random_uuid(), $1, 'Pro', $2, now()) RETURNING id`, [
    `pro-${suffix}`,
    options.trialDays ?? 0,
  ]);
  const { rows: prices } = await pool.query<{ id: string }>(
    `INSERT INTO prices (id, plan_id, currency, unit_amount, interval, interval_count) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id`,
    [plans[0]!.id, options.currency ?? 'KES', (options.unitAmount ?? 250000n).toString(), options.interval ?? 'month', options.intervalCount ?? 1],
  );
  return prices[0]!.id;
}

/** A customer on a monthly plan, subscribed through the real use case (its first invoice issued and open). */
export async function seedSubscription(pool: Pool): Promise<{ customerId: string; subscriptionId: string; invoiceId: string }> {
  const customerId = await seedCustomer(pool);
  const priceId = await seedPrice(pool);
  const { subscriptionId, firstInvoice } = await createSubscription(tenantDatabaseOn(pool), { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null }, { customerId, priceId, quantity: 1 });
  if (!firstInvoice) throw new Error('expected a first invoice');
  return { customerId, subscriptionId, invoiceId: firstInvoice.id };
}

export interface SubscriptionRow {
  status: string;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  ended_at: Date | null;
}

export async function subscriptionRow(pool: Pool, id: string): Promise<SubscriptionRow> {
  const { rows } = await pool.query<SubscriptionRow>('SELECT status, cancel_at_period_end, canceled_at, ended_at FROM subscriptions WHERE id = $1', [id]);
  return rows[0]!;
}

/** The events the outbox holds about one object (by data.object.id), oldest first: their types and objects. */
export async function eventsAbout(pool: Pool, objectId: string): Promise<{ type: string; object: Record<string, unknown> }[]> {
  const { rows } = await pool.query<{ type: string; body: string }>(`SELECT type, body FROM events WHERE body::jsonb -> 'data' -> 'object' ->> 'id' = $1 ORDER BY created_at, id`, [objectId]);
  return rows.map((row) => ({ type: row.type, object: (JSON.parse(row.body) as { data: { object: Record<string, unknown> } }).data.object }));
}
