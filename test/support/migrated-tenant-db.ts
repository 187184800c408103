// Medium tests of the billing use cases: a fresh tenant database of their own, with every tenant
// migration applied (Immich's tier: real PostgreSQL, no mocks), and a realistic starting point.
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createSubscription } from '@nova/billing';
import { loadMigrations, migrateDatabase } from '@nova/migrator';
import { TenantDatabase, tenantDatabaseOn } from '@nova/tenant-db';
import { withAdminConnection } from './test-databases';
import { PG_SERVER_URL, TEST_DB_PREFIX } from './test-env';

/** Named under TEST_DB_PREFIX, so the run's teardown drops it even when the file does not get to. */
export interface MigratedTenantDb {
  readonly pool: Pool;
  /** The pool and a Prisma client on it, as use cases take them. */
  readonly db: TenantDatabase;
  drop(): Promise<void>;
}

export async function migratedTenantDb(name: string): Promise<MigratedTenantDb> {
  const dbName = `${TEST_DB_PREFIX}${name}_${randomBytes(4).toString('hex')}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${dbName}"`));
  await migrateDatabase(`${PG_SERVER_URL}/${dbName}`, await loadMigrations(`${process.cwd()}/prisma/tenant/migrations`));
  const pool = new Pool({ connectionString: `${PG_SERVER_URL}/${dbName}`, max: 4 });
  const db = tenantDatabaseOn(pool);
  return {
    pool,
    db,
    drop: async () => {
      await db.prisma.$disconnect();
      await pool.end();
      await withAdminConnection((admin) => admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    },
  };
}

/** A customer on a monthly plan, subscribed through the real use case (its first invoice issued and open). */
export async function seedSubscription(pool: Pool): Promise<{ customerId: string; subscriptionId: string; invoiceId: string }> {
  const suffix = randomBytes(4).toString('hex');
  const { rows: customers } = await pool.query<{ id: string }>(
    `INSERT INTO customers (id, name, email, updated_at) VALUES (gen_random_uuid(), 'Amani', $1, now()) RETURNING id`,
    [`amani-${suffix}@example.test`],
  );
  const { rows: plans } = await pool.query<{ id: string }>(`INSERT INTO plans (id, code, name, updated_at) VALUES (gen_random_uuid(), $1, 'Pro', now()) RETURNING id`, [`pro-${suffix}`]);
  const { rows: prices } = await pool.query<{ id: string }>(
    `INSERT INTO prices (id, plan_id, currency, unit_amount, interval) VALUES (gen_random_uuid(), $1, 'KES', 250000, 'month') RETURNING id`,
    [plans[0]!.id],
  );
  const { subscriptionId, firstInvoice } = await createSubscription(pool, { invoicePrefix: 'INV', paymentTermsDays: 14 }, { customerId: customers[0]!.id, priceId: prices[0]!.id, quantity: 1 });
  if (!firstInvoice) throw new Error('expected a first invoice');
  return { customerId: customers[0]!.id, subscriptionId, invoiceId: firstInvoice.id };
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
