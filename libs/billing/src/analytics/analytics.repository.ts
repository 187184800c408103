// The analytics read model: set-based SELECTs over the tenant's billing tables, each measured;
// nothing here writes. Private to the analytics context; other code uses ./index.ts.
import type { Pool } from 'pg';
import type { BillingScheme, Interval, TiersMode } from '@nova/domain';
import type { ReportPeriod } from './analytics.types';

// A paused subscription is still a customer's (its periods roll, only collection pauses): live, as in the machine.
const LIVE = `('trialing', 'active', 'past_due', 'paused')`;

/**
 * Invoiced revenue counts finalized invoices only: a draft (not issued yet) and a void one are not revenue. Months are
 * local to `timeZone` (the tenant's IANA zone, validated where it is set).
 */
export async function selectMonthlyRevenue(pool: Pool, { from, to }: ReportPeriod, timeZone = 'UTC') {
  const { rows } = await pool.query<{ month: string; currency: string; invoiced: string; collected: string; refunded: string }>(
    `WITH invoiced AS (
       SELECT to_char(date_trunc('month', issued_at AT TIME ZONE $3), 'YYYY-MM') AS month, currency, sum(total) AS amount
         FROM invoices WHERE status NOT IN ('void', 'draft') AND issued_at >= $1 AND issued_at < $2 GROUP BY 1, 2),
     collected AS (
       SELECT to_char(date_trunc('month', paid_at AT TIME ZONE $3), 'YYYY-MM') AS month, currency, sum(amount) AS amount
         FROM payments WHERE status IN ('succeeded', 'refunded', 'partially_refunded') AND paid_at >= $1 AND paid_at < $2 GROUP BY 1, 2),
     refunded AS (
       SELECT to_char(date_trunc('month', settled_at AT TIME ZONE $3), 'YYYY-MM') AS month, currency, sum(amount) AS amount
         FROM refunds WHERE status = 'succeeded' AND settled_at >= $1 AND settled_at < $2 GROUP BY 1, 2)
     SELECT month, currency, coalesce(i.amount, 0)::text AS invoiced, coalesce(c.amount, 0)::text AS collected, coalesce(r.amount, 0)::text AS refunded
       FROM invoiced i FULL JOIN collected c USING (month, currency) FULL JOIN refunded r USING (month, currency)
      ORDER BY month, currency`,
    [from, to, timeZone],
  );
  return rows;
}

/** The price and quantity of every item (base and add-ons) of every subscription that will bill again (active or past due, not ending at period end). */
export async function selectRecurringPrices(pool: Pool) {
  const { rows } = await pool.query<{ currency: string; unit_amount: string; quantity: number; interval: Interval; interval_count: number; billing_scheme: BillingScheme; tiers_mode: TiersMode | null; tiers: unknown }>(
    `WITH live AS (SELECT id, price_id, quantity FROM subscriptions WHERE status IN ('active', 'past_due') AND NOT cancel_at_period_end),
          items AS (SELECT price_id, quantity FROM live
                    UNION ALL
                    SELECT si.price_id, si.quantity FROM subscription_items si JOIN live ON live.id = si.subscription_id)
     SELECT p.currency, p.unit_amount, i.quantity, p.interval, p.interval_count, p.billing_scheme, p.tiers_mode, p.tiers
       FROM items i JOIN prices p ON p.id = i.price_id`,
  );
  return rows;
}

export async function selectOutstanding(pool: Pool) {
  const { rows } = await pool.query<{ currency: string; amount: string }>(`SELECT currency, sum(amount_due)::text AS amount FROM invoices WHERE status = 'open' GROUP BY 1 ORDER BY 1`);
  return rows;
}

export async function selectSubscriptionsByStatus(pool: Pool) {
  const { rows } = await pool.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM subscriptions GROUP BY 1');
  return rows;
}

export async function selectSubscriptionFlows(pool: Pool, { from, to }: ReportPeriod) {
  const { rows } = await pool.query<{ started: number; ended: number; live_at_start: number }>(
    // By when a subscription began, not when its row was written: a backdated one was live before it was created.
    `SELECT count(*) FILTER (WHERE started_at >= $1 AND started_at < $2)::int AS started,
            count(*) FILTER (WHERE ended_at >= $1 AND ended_at < $2)::int AS ended,
            count(*) FILTER (WHERE started_at < $1 AND (ended_at IS NULL OR ended_at >= $1))::int AS live_at_start
       FROM subscriptions`,
    [from, to],
  );
  return rows[0]!;
}

export async function selectCustomerTotals(pool: Pool) {
  const { rows } = await pool.query<{ total: number; live: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.status IN ${LIVE}))::int AS live
       FROM customers c`,
  );
  return rows[0]!;
}

export async function selectNewCustomersPerMonth(pool: Pool, { from, to }: ReportPeriod, timeZone = 'UTC') {
  const { rows } = await pool.query<{ month: string; count: number }>(
    `SELECT to_char(date_trunc('month', created_at AT TIME ZONE $3), 'YYYY-MM') AS month, count(*)::int AS count
       FROM customers WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
    [from, to, timeZone],
  );
  return rows;
}

export async function selectAging(pool: Pool) {
  const { rows } = await pool.query<{ currency: string; current: string; d30: string; d60: string; d90: string; over90: string; invoices: number }>(
    `WITH open AS (SELECT currency, amount_due, floor(extract(epoch FROM now() - due_at) / 86400) AS days FROM invoices WHERE status = 'open')
     SELECT currency,
            coalesce(sum(amount_due) FILTER (WHERE days < 1), 0)::text AS current,
            coalesce(sum(amount_due) FILTER (WHERE days BETWEEN 1 AND 30), 0)::text AS d30,
            coalesce(sum(amount_due) FILTER (WHERE days BETWEEN 31 AND 60), 0)::text AS d60,
            coalesce(sum(amount_due) FILTER (WHERE days BETWEEN 61 AND 90), 0)::text AS d90,
            coalesce(sum(amount_due) FILTER (WHERE days > 90), 0)::text AS over90,
            count(*)::int AS invoices
       FROM open GROUP BY currency ORDER BY currency`,
  );
  return rows;
}

// ---- tax report: what a GST or VAT return needs for the period (issued invoices, void excluded)

export interface TaxSupplyRow {
  currency: string;
  /** The invoice's tax treatment; 'untaxed' for invoices issued without tax. */
  treatment: string;
  invoices: number;
  taxable: string;
  tax: string;
}

/** Taxable value and tax of the period's invoice lines, per currency and treatment. */
export async function selectTaxSupplies(db: Pool, period: ReportPeriod, currency: string | null): Promise<TaxSupplyRow[]> {
  const { rows } = await db.query<TaxSupplyRow>(
    `SELECT i.currency, coalesce(i.tax_treatment, 'untaxed') AS treatment, count(DISTINCT i.id)::int AS invoices,
            sum(coalesce(l.taxable_amount, l.amount))::text AS taxable, sum(l.tax_amount)::text AS tax
       FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.status NOT IN ('void', 'draft') AND i.issued_at >= $1 AND i.issued_at < $2 AND ($3::text IS NULL OR i.currency = $3)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [period.from, period.to, currency],
  );
  return rows;
}

export interface TaxComponentRow {
  currency: string;
  code: string;
  percentage: string;
  invoices: number;
  taxable: string;
  tax: string;
}

/** Tax per currency, component and rate (CGST 9 %, SGST 9 %, IGST 18 %, VAT 16 % …) with the taxable value it was charged on. */
export async function selectTaxComponents(db: Pool, period: ReportPeriod, currency: string | null): Promise<TaxComponentRow[]> {
  const { rows } = await db.query<TaxComponentRow>(
    `SELECT i.currency, t.code, t.percentage, count(DISTINCT i.id)::int AS invoices, sum(t.taxable)::text AS taxable, sum(t.amount)::text AS tax
       FROM invoices i JOIN invoice_line_taxes t ON t.invoice_id = i.id
      WHERE i.status NOT IN ('void', 'draft') AND i.issued_at >= $1 AND i.issued_at < $2 AND ($3::text IS NULL OR i.currency = $3)
      GROUP BY 1, 2, 3 ORDER BY 1, min(t.position), 2, 3`,
    [period.from, period.to, currency],
  );
  return rows;
}

export interface TaxCreditNoteRow {
  currency: string;
  creditNotes: number;
  amount: string;
  tax: string;
}

/** Credit notes issued in the period (not void): what they take back, and the tax inside it. */
export async function selectTaxCreditNotes(db: Pool, period: ReportPeriod, currency: string | null): Promise<TaxCreditNoteRow[]> {
  const { rows } = await db.query<TaxCreditNoteRow>(
    `SELECT currency, count(*)::int AS "creditNotes", sum(amount)::text AS amount, sum(tax_amount)::text AS tax
       FROM credit_notes WHERE status <> 'void' AND created_at >= $1 AND created_at < $2 AND ($3::text IS NULL OR currency = $3)
      GROUP BY 1 ORDER BY 1`,
    [period.from, period.to, currency],
  );
  return rows;
}

export interface TaxCreditNoteComponentRow {
  currency: string;
  code: string;
  percentage: string;
  creditNotes: number;
  tax: string;
}

/** The tax credit notes of the period took back, per currency, component and rate. */
export async function selectTaxCreditNoteComponents(db: Pool, period: ReportPeriod, currency: string | null): Promise<TaxCreditNoteComponentRow[]> {
  const { rows } = await db.query<TaxCreditNoteComponentRow>(
    `SELECT n.currency, c->>'code' AS code, c->>'percentage' AS percentage, count(DISTINCT n.id)::int AS "creditNotes", sum((c->>'amount')::bigint)::text AS tax
       FROM credit_notes n CROSS JOIN LATERAL jsonb_array_elements(n.tax_components) AS c
      WHERE n.status <> 'void' AND n.created_at >= $1 AND n.created_at < $2 AND ($3::text IS NULL OR n.currency = $3)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [period.from, period.to, currency],
  );
  return rows;
}
