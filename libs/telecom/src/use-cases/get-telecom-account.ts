import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { findAccount, type TelecomAccountView } from '../accounts.repository';

export async function getTelecomAccount(db: TenantDatabase, { accountId }: { accountId: string }): Promise<TelecomAccountView> {
  const account = await findAccount(db.pool, accountId);
  if (!account) throw DomainError.notFound('Account', accountId);
  return account;
}
