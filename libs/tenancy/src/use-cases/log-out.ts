import type { CentralDb } from '@nova/central-db';
import { findRefreshSession, revokeSessionFamily } from '../admin-users.repository';
import { hashRefreshToken } from './start-session';

/** Signs out the login the refresh token belongs to. Unknown tokens are ignored (idempotent). */
export async function logOut(central: CentralDb, command: { refreshToken: string }): Promise<void> {
  const session = await findRefreshSession(central.pool, hashRefreshToken(command.refreshToken));
  if (session) await revokeSessionFamily(central.pool, session.familyId);
}
