import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type CdrView, findCdr } from '../cdrs.repository';

export async function getCdr(db: TenantDatabase, { cdrId }: { cdrId: string }): Promise<CdrView> {
  const cdr = await findCdr(db.pool, cdrId);
  if (!cdr) throw DomainError.notFound('CDR', cdrId);
  return cdr;
}
