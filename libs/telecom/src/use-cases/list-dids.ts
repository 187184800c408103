import type { TenantDatabase } from '@nova/tenant-db';
import { type DidFilter, type DidView, listDids as listNumbers } from '../dids.repository';

/** Numbers in number order (at most 1,000), available or assigned, of one account or all. */
export function listDids(db: TenantDatabase, filter: DidFilter): Promise<DidView[]> {
  return listNumbers(db.pool, filter);
}
