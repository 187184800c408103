// The billing cycle over many tenants' due subscriptions, against a plain INSERT … SELECT of the
// same number of invoice rows into the same databases.
// Usage: node -r @swc-node/register bench/billing-run.bench.ts
import { Pool } from 'pg';
import { runBillingCycle } from '@nova/billing';
import { TenantConnections } from '@nova/tenancy';
import { benchConfig, dropBenchDatabases, fmt, freshCentralDatabase, heading, mapWithConcurrency, timed } from './support/bench-env';
import { startPlatform } from './support/platform';
import { BenchTenant, forEachTenantDb, provisionTenants } from './support/provision';

const TENANTS = 20;
const SUBSCRIPTIONS_PER_TENANT = 500;
const TENANT_CONCURRENCY = 4;
const BATCH_SIZE = 500;
const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };
/** Every subscription's period ended on 1 November; billing on the 15th issues exactly one invoice each. */
const PERIOD_START = new Date('2026-10-01T00:00:00Z');
const PERIOD_END = new Date('2026-11-01T00:00:00Z');
const AS_OF = new Date('2026-11-15T00:00:00Z');
const TOTAL = TENANTS * SUBSCRIPTIONS_PER_TENANT;

async function seedDueSubscriptions(pool: Pool): Promise<void> {
  await pool.query(`
    WITH plan AS (
      INSERT INTO plans (id, code, name, updated_at) VALUES (gen_random_uuid(), 'pro', 'Pro', now()) RETURNING id
    ), price AS (
      INSERT INTO prices (id, plan_id, currency, unit_amount, interval) SELECT gen_random_uuid(), id, 'USD', 4900, 'month' FROM plan RETURNING id
    ), customer AS (
      INSERT INTO customers (id, name, email, updated_at)
      SELECT gen_random_uuid(), 'Customer ' || n, 'customer' || n || '@example.test', now() FROM generate_series(1, $1) AS n RETURNING id
    )
    INSERT INTO subscriptions (id, customer_id, price_id, status, billing_anchor, current_period_start, current_period_end, updated_at)
    SELECT gen_random_uuid(), customer.id, price.id, 'active', $2, $2, $3, now() FROM customer, price`,
    [SUBSCRIPTIONS_PER_TENANT, PERIOD_START, PERIOD_END],
  );
}

/** Exactly one invoice per subscription, numbered 1…n with no gap, in every tenant. */
async function verify(tenants: readonly BenchTenant[]): Promise<string[]> {
  const problems: string[] = [];
  await forEachTenantDb(tenants, TENANT_CONCURRENCY, async (pool, tenant) => {
    const { rows } = await pool.query<{ count: string; distinct_numbers: string; min: string; max: string; subscriptions: string }>(
      `SELECT count(*), count(DISTINCT number) AS distinct_numbers, min(sequence), max(sequence), count(DISTINCT subscription_id) AS subscriptions FROM invoices`,
    );
    const { count, distinct_numbers, min, max, subscriptions } = rows[0]!;
    const n = SUBSCRIPTIONS_PER_TENANT;
    if (Number(count) !== n || Number(distinct_numbers) !== n || Number(min) !== 1 || Number(max) !== n || Number(subscriptions) !== n) {
      problems.push(`${tenant.slug}: ${count} invoices, ${distinct_numbers} distinct numbers, sequence ${min}…${max}, ${subscriptions} subscriptions`);
    }
  });
  return problems;
}

/** The baseline: one INSERT … SELECT per tenant writing as many invoice rows (no lines, no period maths), for the next period so the unique (subscription, period) key is respected. */
async function plainInsertSelect(tenants: readonly BenchTenant[]): Promise<void> {
  await forEachTenantDb(tenants, TENANT_CONCURRENCY, async (pool) => {
    await pool.query(
      `INSERT INTO invoices (id, number, sequence, customer_id, subscription_id, status, currency, subtotal, total, amount_due, period_start, period_end, due_at, updated_at)
       SELECT gen_random_uuid(), 'BASE-' || row_number() OVER (), 100000 + row_number() OVER (), s.customer_id, s.id, 'open', 'USD', 4900, 4900, 4900,
              s.current_period_end, s.current_period_end + interval '1 month', now() + interval '14 days', now()
         FROM subscriptions s`,
    );
  });
}

export async function benchBillingRun(): Promise<void> {
  heading(`Billing cycle: ${TENANTS} tenants × ${SUBSCRIPTIONS_PER_TENANT} due subscriptions (${fmt(TOTAL)}), ${TENANT_CONCURRENCY} tenants at a time`);
  console.log(`connection budget: ${TENANT_CONCURRENCY} tenants at a time × TENANT_DB_POOL_MAX=1 (cache holds ${TENANTS} pools, each opens 1 connection)`);
  await freshCentralDatabase();
  const app = await startPlatform(benchConfig());
  try {
    const tenants = await provisionTenants(app, TENANTS);
    await forEachTenantDb(tenants, TENANT_CONCURRENCY, seedDueSubscriptions);

    const connections = app.get(TenantConnections);
    const run = await timed(() =>
      mapWithConcurrency(tenants, TENANT_CONCURRENCY, async (tenant) => {
        const lease = await connections.lease({ id: tenant.id, mode: 'live', dbServer: tenant.dbServer, dbName: tenant.dbName });
        try {
          return await runBillingCycle(lease.connection.pool, SETTINGS, AS_OF, BATCH_SIZE);
        } finally {
          lease.release();
        }
      }),
    );
    const issued = run.result.reduce((sum, result) => sum + result.invoicesIssued, 0);
    const problems = await verify(tenants);
    console.log(`verification: ${issued} invoices issued (expected ${TOTAL}); per tenant ${SUBSCRIPTIONS_PER_TENANT} invoices numbered 1…${SUBSCRIPTIONS_PER_TENANT} without gaps: ${problems.length === 0 ? `yes, all ${TENANTS} tenants` : `NO\n  ${problems.join('\n  ')}`}`);

    const baseline = await timed(() => plainInsertSelect(tenants));
    const rate = issued / run.seconds;
    const baselineRate = TOTAL / baseline.seconds;
    console.log(`${'baseline: plain INSERT … SELECT of invoice rows'.padEnd(50)} ${fmt(baseline.seconds, 2).padStart(6)} s  ${fmt(baselineRate).padStart(7)} invoices/s`);
    console.log(`${'runBillingCycle (invoice + line + period advance)'.padEnd(50)} ${fmt(run.seconds, 2).padStart(6)} s  ${fmt(rate).padStart(7)} invoices/s  = ${(rate / baselineRate).toFixed(2)}× baseline`);
    console.log(`target ≥ 3,000 invoices/s: ${rate >= 3000 ? 'met' : 'MISSED'}`);
    if (issued !== TOTAL || problems.length > 0) process.exitCode = 1;
  } finally {
    await app.close();
    await dropBenchDatabases();
  }
}

if (require.main === module) {
  benchBillingRun().catch((error: Error) => {
    console.error(error);
    process.exit(1);
  });
}
