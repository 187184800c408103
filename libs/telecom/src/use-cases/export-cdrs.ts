import type { Readable } from 'node:stream';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrFilter, exportCdrsCsv } from '../cdrs.repository';

/** The matching CDRs as CSV (formula-safe cells), streamed: memory stays flat whatever the export's size. */
export function exportCdrs(db: TenantDatabase, filter: CdrFilter): Promise<Readable> {
  return exportCdrsCsv(db.pool, filter);
}
