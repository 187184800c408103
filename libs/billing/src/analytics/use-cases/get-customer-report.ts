import type { TenantDatabase } from '@nova/tenant-db';
import { selectCustomerTotals, selectNewCustomersPerMonth } from '../analytics.repository';
import type { CustomerReport, ReportPeriodQuery } from '../analytics.types';
import { reportPeriod } from '../report-period';

/** Customers now (all, with a live subscription) and new ones per month in the period. */
export async function getCustomerReport(db: TenantDatabase, query: ReportPeriodQuery): Promise<CustomerReport> {
  const period = reportPeriod(query);
  const [totals, newPerMonth] = await Promise.all([selectCustomerTotals(db.pool), selectNewCustomersPerMonth(db.pool, period, query.timeZone)]);
  return { total: totals.total, withLiveSubscription: totals.live, newPerMonth };
}
