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

/** How the tax report's rows are dated: by the tenant's local month ('YYYY-MM'), or not at all (the whole range). */
export interface TaxReportScope extends ReportPeriod {
  currency: string | null;
  timeZone: string;
  byMonth: boolean;
}

/** The SQL of a row's local month (null for the whole range): `$4` is the zone, `$5` whether to group by month. */
const monthOf = (column: string) => `CASE WHEN $5::boolean THEN to_char(date_trunc('month', ${column} AT TIME ZONE $4), 'YYYY-MM') END`;
const scopeParams = (scope: TaxReportScope) => [scope.from, scope.to, scope.currency, scope.timeZone, scope.byMonth];

export interface TaxSupplyRow {
  month: string | null;
  currency: string;
  /** The invoice's tax treatment; 'untaxed' for invoices issued without tax. */
  treatment: string;
  invoices: number;
  taxable: string;
  tax: string;
}

/**
 * Taxable value and tax of the period's invoice lines, per month, currency and treatment. Dated by issued_at: when
 * the invoice was finalized (a draft's is set then, a test clock's customer's at the clock's time), never when drafted.
 */
export async function selectTaxSupplies(db: Pool, scope: TaxReportScope): Promise<TaxSupplyRow[]> {
  const { rows } = await db.query<TaxSupplyRow>(
    `SELECT ${monthOf('i.issued_at')} AS month, i.currency, coalesce(i.tax_treatment, 'untaxed') AS treatment, count(DISTINCT i.id)::int AS invoices,
            sum(coalesce(l.taxable_amount, l.amount))::text AS taxable, sum(l.tax_amount)::text AS tax
       FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id
      WHERE i.status NOT IN ('void', 'draft') AND i.issued_at >= $1 AND i.issued_at < $2 AND ($3::text IS NULL OR i.currency = $3)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    scopeParams(scope),
  );
  return rows;
}

export interface TaxComponentRow {
  month: string | null;
  currency: string;
  code: string;
  percentage: string;
  invoices: number;
  taxable: string;
  tax: string;
}

/** Tax per month, currency, component and rate (CGST 9 %, SGST 9 %, IGST 18 %, VAT 16 % …) with the taxable value it was charged on. */
export async function selectTaxComponents(db: Pool, scope: TaxReportScope): Promise<TaxComponentRow[]> {
  const { rows } = await db.query<TaxComponentRow>(
    `SELECT ${monthOf('i.issued_at')} AS month, i.currency, t.code, t.percentage, count(DISTINCT i.id)::int AS invoices, sum(t.taxable)::text AS taxable, sum(t.amount)::text AS tax
       FROM invoices i JOIN invoice_line_taxes t ON t.invoice_id = i.id
      WHERE i.status NOT IN ('void', 'draft') AND i.issued_at >= $1 AND i.issued_at < $2 AND ($3::text IS NULL OR i.currency = $3)
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, min(t.position), 3, 4`,
    scopeParams(scope),
  );
  return rows;
}

export interface TaxCreditNoteRow {
  month: string | null;
  currency: string;
  /** The credited invoice's treatment ('untaxed' without tax): a credit note reduces the supplies of that kind. */
  treatment: string;
  creditNotes: number;
  amount: string;
  tax: string;
}

/** Credit notes issued in the period (not void), per month (of issue), currency and their invoice's treatment: what they take back, and the tax inside it. */
export async function selectTaxCreditNotes(db: Pool, scope: TaxReportScope): Promise<TaxCreditNoteRow[]> {
  const { rows } = await db.query<TaxCreditNoteRow>(
    `SELECT ${monthOf('n.created_at')} AS month, n.currency, coalesce(i.tax_treatment, 'untaxed') AS treatment, count(*)::int AS "creditNotes",
            sum(n.amount)::text AS amount, sum(n.tax_amount)::text AS tax
       FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
      WHERE n.status <> 'void' AND n.created_at >= $1 AND n.created_at < $2 AND ($3::text IS NULL OR n.currency = $3)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    scopeParams(scope),
  );
  return rows;
}

export interface TaxCreditNoteComponentRow {
  month: string | null;
  currency: string;
  code: string;
  percentage: string;
  creditNotes: number;
  taxable: string;
  tax: string;
}

/**
 * The tax credit notes of the period took back, per month, currency, component and rate, with the taxable value
 * credited at that rate. A note by lines knows each line's taxable value and components; a note by amount has its
 * net (amount less tax) spread over the invoice's rates in proportion to their taxable value (all of it on an
 * invoice of one rate), rounded to the minor unit.
 */
export async function selectTaxCreditNoteComponents(db: Pool, scope: TaxReportScope): Promise<TaxCreditNoteComponentRow[]> {
  const { rows } = await db.query<TaxCreditNoteComponentRow>(
    `WITH notes AS (
       SELECT n.id, n.invoice_id, n.currency, n.amount - n.tax_amount AS net, n.tax_components, ${monthOf('n.created_at')} AS month,
              EXISTS (SELECT 1 FROM credit_note_lines l WHERE l.credit_note_id = n.id) AS by_lines
         FROM credit_notes n
        WHERE n.status <> 'void' AND n.created_at >= $1 AND n.created_at < $2 AND ($3::text IS NULL OR n.currency = $3)),
     by_lines AS (
       SELECT n.month, n.currency, n.id, t->>'code' AS code, t->>'percentage' AS percentage, sum(l.taxable) AS taxable, sum((t->>'amount')::bigint) AS tax
         FROM notes n JOIN credit_note_lines l ON l.credit_note_id = n.id CROSS JOIN LATERAL jsonb_array_elements(l.taxes) AS t
        WHERE n.by_lines GROUP BY 1, 2, 3, 4, 5),
     by_amount AS (
       SELECT n.month, n.currency, n.id, c->>'code' AS code, c->>'percentage' AS percentage,
              coalesce(round(n.net * rate.taxable / nullif(invoice.taxable, 0)), 0) AS taxable, (c->>'amount')::bigint AS tax
         FROM notes n CROSS JOIN LATERAL jsonb_array_elements(n.tax_components) AS c
         CROSS JOIN LATERAL (SELECT sum(t.taxable) AS taxable FROM invoice_line_taxes t WHERE t.invoice_id = n.invoice_id AND t.code = c->>'code' AND t.percentage = c->>'percentage') AS rate
         CROSS JOIN LATERAL (SELECT sum(coalesce(l.taxable_amount, l.amount)) AS taxable FROM invoice_lines l WHERE l.invoice_id = n.invoice_id) AS invoice
        WHERE NOT n.by_lines)
     SELECT month, currency, code, percentage, count(DISTINCT id)::int AS "creditNotes", sum(taxable)::bigint::text AS taxable, sum(tax)::text AS tax
       FROM (SELECT * FROM by_lines UNION ALL SELECT * FROM by_amount) AS credited
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    scopeParams(scope),
  );
  return rows;
}
