import type { AdminRole, CentralDb } from '@nova/central-db';
import { countUnusedRecoveryCodes } from '../account-tokens.repository';
import { existingUser } from './manage-mfa';

export interface AccountView {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: AdminRole;
  emailVerified: boolean;
  mfaEnabled: boolean;
  recoveryCodesLeft: number;
  createdAt: Date;
}

/** The signed-in user's own account: who they are, whether the address is verified and MFA is on. */
export async function getAccount(central: CentralDb, userId: string): Promise<AccountView> {
  const user = await existingUser(central, userId);
  return {
    id: user.id,
    tenantId: user.tenantId,
    email: user.email,
    name: user.name,
    role: user.role,
    emailVerified: user.emailVerifiedAt !== null,
    mfaEnabled: user.totpEnabledAt !== null,
    recoveryCodesLeft: user.totpEnabledAt ? await countUnusedRecoveryCodes(central.pool, user.id) : 0,
    createdAt: user.createdAt,
  };
}
