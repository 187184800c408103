import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrFilter, type CdrStatistics, cdrStatistics } from '../cdrs.repository';

/** Totals of the matching CDRs per status and currency, and why the unratable ones are. */
export function getCdrStatistics(db: TenantDatabase, filter: CdrFilter): Promise<CdrStatistics> {
  return cdrStatistics(db.pool, filter);
}
