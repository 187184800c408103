import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type DidView, releaseDid as releaseNumber } from '../dids.repository';

/** Makes a number available again; CDRs from it are unratable until it is assigned. */
export async function releaseDid(db: TenantDatabase, { didId }: { didId: string }): Promise<DidView> {
  const released = await releaseNumber(db.pool, didId);
  if (!released) throw DomainError.notFound('Number', didId);
  return released;
}
