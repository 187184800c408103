import type { TenantDatabase } from '@nova/tenant-db';
import { type DestinationTotals, topDestinations } from '../cdrs.repository';

/** Rated usage per destination, most cost first. */
export function listTopDestinations(db: TenantDatabase, query: { from?: string; to?: string; limit: number }): Promise<DestinationTotals[]> {
  return topDestinations(db.pool, query);
}
