import type { TenantDatabase } from '@nova/tenant-db';
import { selectSubscriptionFlows, selectSubscriptionsByStatus } from '../analytics.repository';
import type { ReportPeriodQuery, SubscriptionReport } from '../analytics.types';
import { reportPeriod } from '../report-period';

/** Subscriptions per status now; started, ended and churn in the period. */
export async function getSubscriptionReport(db: TenantDatabase, query: ReportPeriodQuery): Promise<SubscriptionReport> {
  const period = reportPeriod(query);
  const [byStatus, { started, ended, live_at_start }] = await Promise.all([selectSubscriptionsByStatus(db.pool), selectSubscriptionFlows(db.pool, period)]);
  return {
    byStatus: Object.fromEntries(byStatus.map((row) => [row.status, row.count])),
    started,
    ended,
    churnRate: live_at_start > 0 ? Number((ended / live_at_start).toFixed(4)) : null,
  };
}
