import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type DidFilter, type DidView, didPosition, listDids as listNumbers } from '../dids.repository';

/** Numbers newest first, one keyset page at a time, available or assigned, of one account or all. */
export async function listDids(db: TenantDatabase, filter: DidFilter & PageRequest): Promise<Page<DidView>> {
  const window = await resolveWindow(filter, (id) => didPosition(db.pool, id));
  return toPage(await listNumbers(db.pool, filter, window), filter.limit, undefined, window);
}
