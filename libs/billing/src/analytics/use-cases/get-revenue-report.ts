import { monthlyRecurringAmount, priceAmount, tiersFromJson } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectMonthlyRevenue, selectOutstanding, selectRecurringPrices } from '../analytics.repository';
import type { ReportPeriodQuery, RevenueReport } from '../analytics.types';
import { reportPeriod } from '../report-period';

/** Invoiced, collected and refunded per month and currency in the period; MRR and outstanding now. */
export async function getRevenueReport(db: TenantDatabase, query: ReportPeriodQuery): Promise<RevenueReport> {
  const period = reportPeriod(query);
  const [months, recurring, outstanding] = await Promise.all([selectMonthlyRevenue(db.pool, period, query.timeZone), selectRecurringPrices(db.pool), selectOutstanding(db.pool)]);
  const mrr = new Map<string, bigint>();
  for (const row of recurring) {
    // A tiered price's period amount is its tiers' for the quantity; a per-unit one's unitAmount × quantity.
    const periodAmount = priceAmount({ unitAmount: BigInt(row.unit_amount), billingScheme: row.billing_scheme, tiersMode: row.tiers_mode, tiers: tiersFromJson(row.tiers) }, row.quantity);
    mrr.set(row.currency, (mrr.get(row.currency) ?? 0n) + monthlyRecurringAmount(periodAmount, 1, row.interval, row.interval_count));
  }
  return {
    months: months.map((row) => ({ month: row.month, currency: row.currency, invoiced: Number(row.invoiced), collected: Number(row.collected), refunded: Number(row.refunded) })),
    mrr: [...mrr].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: Number(amount) })),
    outstanding: outstanding.map((row) => ({ currency: row.currency, amount: Number(row.amount) })),
  };
}
