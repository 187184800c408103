// The billing cycle over many tenants' due subscriptions, as a tenant who bills with tax, coupons and drafts
// runs it: an Indian seller's tax profile and GST rate (half the customers in its own state: CGST + SGST; the rest
// IGST, by GSTIN or by address), percentage and amount-off repeating coupons on a share of the subscriptions, and a
// draft delay, so the cycle writes drafts and a second pass (finalizeDueDrafts, as the worker runs it) numbers them.
// Both passes are timed, against a plain INSERT … SELECT of the same number of invoice rows into the same databases.
// Usage: node -r @swc-node/register bench/billing-run.bench.ts
import { Pool } from 'pg';
import { createCoupon, createTaxRate, finalizeDueDrafts, putTaxProfile, runBillingCycle, type TenantBillingSettings } from '@nova/billing';
import { TenantConnections } from '@nova/tenancy';
import { tenantDatabaseOn } from '@nova/tenant-db';
import { benchConfig, dropBenchDatabases, fmt, freshCentralDatabase, heading, mapWithConcurrency, timed } from './support/bench-env';
import { startPlatform } from './support/platform';
import { BenchTenant, forEachTenantDb, provisionTenants } from './support/provision';

const TENANTS = 20;
const SUBSCRIPTIONS_PER_TENANT = 500;
const TENANT_CONCURRENCY = 4;
const BATCH_SIZE = 500;
/** Renewals wait an hour as drafts (Stripe's default), then the finalization pass numbers them. */
const SETTINGS: TenantBillingSettings = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null, draftFinalizeDelayMinutes: 60 };
/** Every subscription's period ended on 1 November; billing on the 15th issues exactly one invoice each. */
const PERIOD_START = new Date('2026-10-01T00:00:00Z');
const PERIOD_END = new Date('2026-11-01T00:00:00Z');
const AS_OF = new Date('2026-11-15T00:00:00Z');
const TOTAL = TENANTS * SUBSCRIPTIONS_PER_TENANT;
const UNIT_AMOUNT = 499_900; // ₹4,999.00 a month

/**
 * Customer n (1…SUBSCRIPTIONS_PER_TENANT): n % 4 ∈ {0, 1} a Karnataka business (the seller's state: CGST + SGST),
 * 2 a Maharashtra business (IGST by its GSTIN), 3 a consumer in Tamil Nadu (IGST by the address).
 * Coupons: n % 3 = 0 takes 10 % off, n % 5 = 1 (and not the former) ₹500 off, both repeating for 3 months.
 */
const mix = {
  intraState: (n: number) => n % 4 <= 1,
  percentOff: (n: number) => n % 3 === 0,
  amountOff: (n: number) => n % 3 !== 0 && n % 5 === 1,
};
const expectedCount = (predicate: (n: number) => boolean) => Array.from({ length: SUBSCRIPTIONS_PER_TENANT }, (_, i) => i + 1).filter(predicate).length;

async function seedTaxAndCoupons(pool: Pool): Promise<{ percentCouponId: string; amountCouponId: string }> {
  const db = tenantDatabaseOn(pool);
  const gst18 = await createTaxRate(db, { name: 'GST 18%', country: 'IN', percentage: '18' });
  await putTaxProfile(db, {
    legalName: 'Nimbus Cloud Pvt Ltd',
    country: 'IN',
    address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' },
    taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }],
    defaultTaxRateId: gst18.id,
  });
  const percent = await createCoupon(db, { code: 'TENOFF', percentOff: 10, duration: 'repeating', durationInMonths: 3 }, PERIOD_START);
  const amount = await createCoupon(db, { code: 'FIVEHUNDRED', amountOff: 50_000n, currency: 'INR', duration: 'repeating', durationInMonths: 3 }, PERIOD_START);
  return { percentCouponId: percent.id, amountCouponId: amount.id };
}

async function seedDueSubscriptions(pool: Pool): Promise<void> {
  const { percentCouponId, amountCouponId } = await seedTaxAndCoupons(pool);
  await pool.query(
    `WITH plan AS (
       INSERT INTO plans (id, code, name, updated_at) VALUES (gen_random_uuid(), 'pro', 'Pro', now()) RETURNING id
     ), price AS (
       INSERT INTO prices (id, plan_id, currency, unit_amount, interval) SELECT gen_random_uuid(), id, 'INR', $4, 'month' FROM plan RETURNING id
     ), numbered AS (
       SELECT n, gen_random_uuid() AS customer_id, gen_random_uuid() AS subscription_id FROM generate_series(1, $1) AS n
     ), customer AS (
       INSERT INTO customers (id, name, email, address, updated_at)
       SELECT customer_id, 'Customer ' || n, 'customer' || n || '@example.test',
              CASE n % 4 WHEN 2 THEN '{"city": "Pune", "state": "Maharashtra", "country": "IN"}'::jsonb
                         WHEN 3 THEN '{"city": "Chennai", "state": "Tamil Nadu", "country": "IN"}'::jsonb
                         ELSE '{"line1": "4 Residency Rd", "city": "Bengaluru", "state": "Karnataka", "country": "IN"}'::jsonb END,
              now()
         FROM numbered RETURNING id
     ), tax_id AS (
       INSERT INTO customer_tax_ids (id, customer_id, type, value)
       SELECT gen_random_uuid(), customer_id, 'in_gstin', CASE WHEN n % 4 = 2 THEN '27AAPFU0939F1ZV' ELSE '29AAACC1206D1ZC' END
         FROM numbered WHERE n % 4 <> 3 AND EXISTS (SELECT 1 FROM customer WHERE customer.id = numbered.customer_id)
     ), subscription AS (
       INSERT INTO subscriptions (id, customer_id, price_id, status, billing_anchor, current_period_start, current_period_end, updated_at)
       SELECT subscription_id, customer_id, price.id, 'active', $2, $2, $3, now() FROM numbered, price
        WHERE EXISTS (SELECT 1 FROM customer WHERE customer.id = numbered.customer_id)
       RETURNING id
     )
     INSERT INTO discounts (id, coupon_id, subscription_id, start)
     SELECT gen_random_uuid(), CASE WHEN n % 3 = 0 THEN $5::uuid ELSE $6::uuid END, subscription_id, $2
       FROM numbered WHERE (n % 3 = 0 OR n % 5 = 1) AND EXISTS (SELECT 1 FROM subscription WHERE subscription.id = numbered.subscription_id)`,
    [SUBSCRIPTIONS_PER_TENANT, PERIOD_START, PERIOD_END, UNIT_AMOUNT, percentCouponId, amountCouponId],
  );
  // The coupons' redemption counts, as applying them would have left them.
  await pool.query(`UPDATE coupons c SET times_redeemed = (SELECT count(*) FROM discounts d WHERE d.coupon_id = c.id), updated_at = now()`);
}

interface TenantCounts {
  invoices: number;
  drafts: number;
  numbered: number;
  distinctNumbers: number;
  minSequence: number | null;
  maxSequence: number | null;
  subscriptions: number;
  withCgstAndSgst: number;
  withIgst: number;
  discountLines: number;
  taxedTotal: number;
}

async function countsOf(pool: Pool): Promise<TenantCounts> {
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM invoices)::int AS invoices,
            (SELECT count(*) FROM invoices WHERE status = 'draft' AND number IS NULL)::int AS drafts,
            (SELECT count(number) FROM invoices)::int AS numbered,
            (SELECT count(DISTINCT number) FROM invoices)::int AS "distinctNumbers",
            (SELECT min(sequence) FROM invoices)::int AS "minSequence",
            (SELECT max(sequence) FROM invoices)::int AS "maxSequence",
            (SELECT count(DISTINCT subscription_id) FROM invoices)::int AS subscriptions,
            (SELECT count(*) FROM (SELECT invoice_id FROM invoice_line_taxes WHERE line_position = 0 GROUP BY invoice_id
                                    HAVING array_agg(code ORDER BY position) = ARRAY['CGST', 'SGST']) AS intra)::int AS "withCgstAndSgst",
            (SELECT count(DISTINCT invoice_id) FROM invoice_line_taxes WHERE line_position = 0 AND code = 'IGST')::int AS "withIgst",
            (SELECT count(*) FROM invoice_lines WHERE amount < 0 AND price_id IS NULL)::int AS "discountLines",
            (SELECT count(*) FROM invoices WHERE tax > 0 AND total = subtotal + tax)::int AS "taxedTotal"`,
  );
  return rows[0] as TenantCounts;
}

/** What each tenant must hold after the cycle (drafts, unnumbered) or after finalization (numbered 1…n without gaps); problems, one line per tenant. */
async function verify(tenants: readonly BenchTenant[], stage: 'drafts' | 'finalized'): Promise<string[]> {
  const n = SUBSCRIPTIONS_PER_TENANT;
  const intra = expectedCount(mix.intraState);
  const discounted = expectedCount((i) => mix.percentOff(i) || mix.amountOff(i));
  const expected: TenantCounts = {
    invoices: n,
    drafts: stage === 'drafts' ? n : 0,
    numbered: stage === 'drafts' ? 0 : n,
    distinctNumbers: stage === 'drafts' ? 0 : n,
    minSequence: stage === 'drafts' ? null : 1,
    maxSequence: stage === 'drafts' ? null : n,
    subscriptions: n,
    withCgstAndSgst: intra,
    withIgst: n - intra,
    discountLines: discounted,
    taxedTotal: n,
  };
  const problems: string[] = [];
  await forEachTenantDb(tenants, TENANT_CONCURRENCY, async (pool, tenant) => {
    const counts = await countsOf(pool);
    if (JSON.stringify(counts) !== JSON.stringify(expected)) problems.push(`${tenant.slug}: ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
  });
  return problems;
}

/** The baseline: one INSERT … SELECT per tenant writing as many invoice rows (no lines, no period maths), for the next period so the unique (subscription, period) key is respected. */
async function plainInsertSelect(tenants: readonly BenchTenant[]): Promise<void> {
  await forEachTenantDb(tenants, TENANT_CONCURRENCY, async (pool) => {
    await pool.query(
      `INSERT INTO invoices (id, number, sequence, customer_id, subscription_id, status, currency, subtotal, total, amount_due, period_start, period_end, due_at, updated_at)
       SELECT gen_random_uuid(), 'BASE-' || row_number() OVER (), 100000 + row_number() OVER (), s.customer_id, s.id, 'open', 'INR', $1, $1, $1,
              s.current_period_end, s.current_period_end + interval '1 month', now() + interval '14 days', now()
         FROM subscriptions s`,
      [UNIT_AMOUNT],
    );
  });
}

const report = (label: string, seconds: number, rate: number, baselineRate?: number) =>
  console.log(`${label.padEnd(58)} ${fmt(seconds, 2).padStart(6)} s  ${fmt(rate).padStart(7)} invoices/s${baselineRate ? `  = ${(rate / baselineRate).toFixed(2)}× baseline` : ''}`);
const verdict = (problems: string[]) => (problems.length === 0 ? `yes, all ${TENANTS} tenants` : `NO\n  ${problems.join('\n  ')}`);

export async function benchBillingRun(): Promise<void> {
  heading(`Billing cycle with tax, coupons and drafts: ${TENANTS} tenants × ${SUBSCRIPTIONS_PER_TENANT} due subscriptions (${fmt(TOTAL)}), ${TENANT_CONCURRENCY} tenants at a time`);
  console.log(`connection budget: ${TENANT_CONCURRENCY} tenants at a time × TENANT_DB_POOL_MAX=1 (cache holds ${TENANTS} pools, each opens 1 connection)`);
  console.log(`per tenant: GST 18 % (CGST + SGST for ${expectedCount(mix.intraState)}, IGST for ${SUBSCRIPTIONS_PER_TENANT - expectedCount(mix.intraState)}), coupons on ${expectedCount((i) => mix.percentOff(i) || mix.amountOff(i))} subscriptions, renewals as drafts (${SETTINGS.draftFinalizeDelayMinutes} min)`);
  await freshCentralDatabase();
  const app = await startPlatform(benchConfig());
  try {
    const tenants = await provisionTenants(app, TENANTS);
    await forEachTenantDb(tenants, TENANT_CONCURRENCY, seedDueSubscriptions);

    const connections = app.get(TenantConnections);
    const eachTenant = <T>(work: (pool: Pool) => Promise<T>) =>
      mapWithConcurrency(tenants, TENANT_CONCURRENCY, async (tenant) => {
        const lease = await connections.lease({ id: tenant.id, mode: 'live', dbServer: tenant.dbServer, dbName: tenant.dbName });
        try {
          return await work(lease.connection.pool);
        } finally {
          lease.release();
        }
      });
    const cycle = await timed(() => eachTenant((pool) => runBillingCycle(pool, SETTINGS, AS_OF, BATCH_SIZE)));
    const issued = cycle.result.reduce((sum, result) => sum + result.invoicesIssued, 0);
    const draftProblems = await verify(tenants, 'drafts');
    console.log(`after the cycle: ${issued} drafts (expected ${TOTAL}), unnumbered, CGST + SGST / IGST and discount lines as planned: ${verdict(draftProblems)}`);

    // The drafts' hour has passed: the worker's finalization pass, at the same batch size.
    const finalizeAt = new Date(Date.now() + 2 * 3_600_000);
    const finalization = await timed(() => eachTenant((pool) => finalizeDueDrafts(pool, SETTINGS, finalizeAt, BATCH_SIZE)));
    const finalized = finalization.result.reduce((sum, count) => sum + count, 0);
    const finalProblems = await verify(tenants, 'finalized');
    console.log(`after finalization: ${finalized} finalized (expected ${TOTAL}), per tenant numbered 1…${SUBSCRIPTIONS_PER_TENANT} without gaps, taxes and discounts kept: ${verdict(finalProblems)}`);

    const baseline = await timed(() => plainInsertSelect(tenants));
    const baselineRate = TOTAL / baseline.seconds;
    const both = cycle.seconds + finalization.seconds;
    report('baseline: plain INSERT … SELECT of invoice rows', baseline.seconds, baselineRate);
    report('runBillingCycle (drafts: lines, tax, discounts, periods)', cycle.seconds, issued / cycle.seconds, baselineRate);
    report('finalizeDueDrafts (re-priced, numbered, credit, events)', finalization.seconds, finalized / finalization.seconds, baselineRate);
    report('cycle + finalization', both, TOTAL / both, baselineRate);
    const target = 10_000;
    console.log(`issue 9 target ≥ ${fmt(target)} invoices/s: cycle ${issued / cycle.seconds >= target ? 'met' : 'MISSED'}, cycle + finalization ${TOTAL / both >= target ? 'met' : 'MISSED'}`);
    if (issued !== TOTAL || finalized !== TOTAL || draftProblems.length > 0 || finalProblems.length > 0) process.exitCode = 1;
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
