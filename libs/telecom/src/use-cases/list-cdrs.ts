import { DomainError } from '@nova/domain';
import { decodeCursor, type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrFilter, type CdrView, cdrKeyset, cdrPosition, listCdrs as listPage } from '../cdrs.repository';

/** One keyset page of CDRs, newest call first; `startingAfter` / `endingBefore` take a CDR's id. */
export async function listCdrs(db: TenantDatabase, query: CdrFilter & PageRequest): Promise<Page<CdrView>> {
  const after = decodeCursor(query.cursor);
  if (after && !/^\d+$/.test(after.id)) throw DomainError.validation('cursor', 'is not a cursor this API issued');
  const window = await resolveWindow(query, (id) => cdrPosition(db.pool, id), /^\d{1,18}$/);
  return toPage(await listPage(db.pool, query, window), query.limit, cdrKeyset, window);
}
