import { Injectable } from '@nestjs/common';
import { Interval, monthlyRecurringAmount, DomainError } from '@nova/domain';
import { TenantDb } from '@nova/tenancy';
import { AgingBucketDto, CustomerAnalyticsDto, MonthlyRevenueDto, PeriodQuery, RevenueDto, SubscriptionAnalyticsDto } from './dto/analytics.dto';

interface Period {
  from: Date;
  to: Date;
}

const LIVE = `('trialing', 'active', 'past_due')`;

function period(query: PeriodQuery): Period {
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), 1));
  if (from >= to) throw DomainError.validation('from', 'must be before to');
  return { from, to };
}

/**
 * Dashboard figures for tenant admins, each one or two set-based queries on the tenant database.
 * Amounts stay per currency: adding KES to NGN would mean nothing.
 */
@Injectable()
export class AnalyticsService {
  constructor(private readonly db: TenantDb) {}

  async revenue(query: PeriodQuery): Promise<RevenueDto> {
    const { from, to } = period(query);
    const { pool } = await this.db.connection();
    const [months, live, outstanding] = await Promise.all([
      pool.query<{ month: string; currency: string; invoiced: string; collected: string; refunded: string }>(
        `WITH invoiced AS (
           SELECT to_char(date_trunc('month', issued_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, currency, sum(total) AS amount
             FROM invoices WHERE status <> 'void' AND issued_at >= $1 AND issued_at < $2 GROUP BY 1, 2),
         collected AS (
           SELECT to_char(date_trunc('month', paid_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, currency, sum(amount) AS amount
             FROM payments WHERE status IN ('succeeded', 'refunded', 'partially_refunded') AND paid_at >= $1 AND paid_at < $2 GROUP BY 1, 2),
         refunded AS (
           SELECT to_char(date_trunc('month', settled_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, currency, sum(amount) AS amount
             FROM refunds WHERE status = 'succeeded' AND settled_at >= $1 AND settled_at < $2 GROUP BY 1, 2)
         SELECT month, currency, coalesce(i.amount, 0)::text AS invoiced, coalesce(c.amount, 0)::text AS collected, coalesce(r.amount, 0)::text AS refunded
           FROM invoiced i FULL JOIN collected c USING (month, currency) FULL JOIN refunded r USING (month, currency)
          ORDER BY month, currency`,
        [from, to],
      ),
      pool.query<{ currency: string; unit_amount: string; quantity: number; interval: Interval; interval_count: number }>(
        `SELECT p.currency, p.unit_amount, s.quantity, p.interval, p.interval_count
           FROM subscriptions s JOIN prices p ON p.id = s.price_id
          WHERE s.status IN ('active', 'past_due') AND NOT s.cancel_at_period_end`,
      ),
      pool.query<{ currency: string; amount: string }>(`SELECT currency, sum(amount_due)::text AS amount FROM invoices WHERE status = 'open' GROUP BY 1 ORDER BY 1`),
    ]);
    const mrr = new Map<string, bigint>();
    for (const row of live.rows) {
      mrr.set(row.currency, (mrr.get(row.currency) ?? 0n) + monthlyRecurringAmount(BigInt(row.unit_amount), row.quantity, row.interval, row.interval_count));
    }
    return {
      months: months.rows.map((row): MonthlyRevenueDto => ({ month: row.month, currency: row.currency, invoiced: Number(row.invoiced), collected: Number(row.collected), refunded: Number(row.refunded) })),
      mrr: [...mrr].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: Number(amount) })),
      outstanding: outstanding.rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
    };
  }

  async subscriptions(query: PeriodQuery): Promise<SubscriptionAnalyticsDto> {
    const { from, to } = period(query);
    const { pool } = await this.db.connection();
    const [byStatus, flows] = await Promise.all([
      pool.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM subscriptions GROUP BY 1'),
      pool.query<{ started: number; ended: number; live_at_start: number }>(
        `SELECT count(*) FILTER (WHERE created_at >= $1 AND created_at < $2)::int AS started,
                count(*) FILTER (WHERE ended_at >= $1 AND ended_at < $2)::int AS ended,
                count(*) FILTER (WHERE created_at < $1 AND (ended_at IS NULL OR ended_at >= $1))::int AS live_at_start
           FROM subscriptions`,
        [from, to],
      ),
    ]);
    const { started, ended, live_at_start } = flows.rows[0]!;
    return {
      byStatus: Object.fromEntries(byStatus.rows.map((row) => [row.status, row.count])),
      started,
      ended,
      churnRate: live_at_start > 0 ? Number((ended / live_at_start).toFixed(4)) : null,
    };
  }

  async customers(query: PeriodQuery): Promise<CustomerAnalyticsDto> {
    const { from, to } = period(query);
    const { pool } = await this.db.connection();
    const [totals, perMonth] = await Promise.all([
      pool.query<{ total: number; live: number }>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM subscriptions s WHERE s.customer_id = c.id AND s.status IN ${LIVE}))::int AS live
           FROM customers c`,
      ),
      pool.query<{ month: string; count: number }>(
        `SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, count(*)::int AS count
           FROM customers WHERE created_at >= $1 AND created_at < $2 GROUP BY 1 ORDER BY 1`,
        [from, to],
      ),
    ]);
    return { total: totals.rows[0]!.total, withLiveSubscription: totals.rows[0]!.live, newPerMonth: perMonth.rows };
  }

  /** Open invoices' amount due by how long past due they are (accounts-receivable aging). */
  async aging(): Promise<AgingBucketDto[]> {
    const { pool } = await this.db.connection();
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
    return rows.map((row) => ({
      currency: row.currency,
      current: Number(row.current),
      days1To30: Number(row.d30),
      days31To60: Number(row.d60),
      days61To90: Number(row.d90),
      over90: Number(row.over90),
      invoices: row.invoices,
    }));
  }
}
