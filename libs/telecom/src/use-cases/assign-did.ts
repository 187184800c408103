import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { accountExists } from '../accounts.repository';
import { assignDid as assignNumber, type DidView, findDid } from '../dids.repository';

/** Assigns an available number to an account (again to the same account is a no-op); a number another account holds must be released first. */
export async function assignDid(db: TenantDatabase, { didId, accountId }: { didId: string; accountId: string }): Promise<DidView> {
  if (!(await accountExists(db.pool, accountId))) throw DomainError.validation('accountId', `account ${accountId} does not exist`);
  const assigned = await assignNumber(db.pool, didId, accountId);
  if (assigned) return assigned;
  if (!(await findDid(db.pool, didId))) throw DomainError.notFound('Number', didId);
  throw DomainError.invalidState(`number ${didId} is assigned to another account: release it first`);
}
