import { DomainError } from '@nova/domain';
import type { CentralDb } from '@nova/central-db';
import { ActiveSession, listActiveSessions, revokeUserSession } from '../admin-users.repository';
import type { CentralAuditLog } from '../audit/central-audit-log';

export type { ActiveSession } from '../admin-users.repository';

/** The signed-in user's own logins that can still be refreshed (each a refresh-token family). */
export function listSessions(central: CentralDb, userId: string): Promise<ActiveSession[]> {
  return listActiveSessions(central.pool, userId);
}

/** Signs out one of the user's logins (its refresh tokens stop working; access tokens run out within their short TTL). Recorded with `audit`. */
export async function revokeSession(central: CentralDb, command: { userId: string; sessionId: string }, audit?: CentralAuditLog): Promise<void> {
  if (!(await revokeUserSession(central.pool, command.userId, command.sessionId))) throw DomainError.notFound('Session', command.sessionId);
  await audit?.record({ action: 'admin_session.deleted', objectType: 'admin_session', objectId: command.sessionId, before: { user_id: command.userId } });
}
