import type { CentralDb } from '@nova/central-db';
import { findAdminUserById, findRefreshSession, revokeSessionFamily } from '../admin-users.repository';
import { type CentralAuditLog, userActor } from '../audit/central-audit-log';
import type { AuditOrigin } from '../audit/audit-context';
import { hashRefreshToken } from './start-session';

/**
 * Signs out the login the refresh token belongs to. Unknown tokens are ignored (idempotent). A login
 * still open when signed out is recorded with `audit` (after the commit, like a session revoke:
 * `admin_session.deleted`, the login's id, the user as actor).
 */
export async function logOut(central: CentralDb, command: { refreshToken: string; meta?: AuditOrigin }, audit?: CentralAuditLog): Promise<void> {
  const session = await findRefreshSession(central.pool, hashRefreshToken(command.refreshToken));
  if (!session || !(await revokeSessionFamily(central.pool, session.familyId)) || !audit) return;
  const user = await findAdminUserById(central.pool, session.user.id);
  if (!user) return;
  await audit.recordFor(user.tenantId, userActor(user), command.meta ?? {}, {
    action: 'admin_session.deleted',
    objectType: 'admin_session',
    objectId: session.familyId,
    before: { user_id: user.id },
    after: { reason: 'logout' },
  });
}
