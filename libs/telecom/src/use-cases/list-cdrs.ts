import { DomainError } from '@nova/domain';
import { decodeCursor, type Page, type PageRequest, toPage } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrFilter, type CdrView, cdrKeyset, listCdrs as listPage } from '../cdrs.repository';

/** One keyset page of CDRs, newest call first. */
export async function listCdrs(db: TenantDatabase, query: CdrFilter & PageRequest): Promise<Page<CdrView>> {
  const after = decodeCursor(query.cursor);
  if (after && !/^\d+$/.test(after.id)) throw DomainError.validation('cursor', 'is not a cursor this API issued');
  const rows = await listPage(db.pool, query, { limit: query.limit, after });
  return toPage(rows, query.limit, cdrKeyset);
}
