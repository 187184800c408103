import { DomainError } from '@nova/domain';
import type { CentralDb } from '@nova/central-db';
import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { ActiveSession, activeSessionPosition, listActiveSessions, revokeUserSession } from '../admin-users.repository';
import type { CentralAuditLog } from '../audit/central-audit-log';

export type { ActiveSession } from '../admin-users.repository';

/** The signed-in user's own logins that can still be refreshed (each a refresh-token family), most recently used first, one keyset page at a time. */
export async function listSessions(central: CentralDb, command: PageRequest & { userId: string }): Promise<Page<ActiveSession>> {
  const window = await resolveWindow(command, (id) => activeSessionPosition(central.pool, command.userId, id));
  return toPage(await listActiveSessions(central.pool, command.userId, window), command.limit, (session) => ({ createdAt: session.lastRefreshedAt, id: session.id }), window);
}

/** Signs out one of the user's logins (its refresh tokens stop working; access tokens run out within their short TTL). Recorded with `audit`. */
export async function revokeSession(central: CentralDb, command: { userId: string; sessionId: string }, audit?: CentralAuditLog): Promise<void> {
  if (!(await revokeUserSession(central.pool, command.userId, command.sessionId))) throw DomainError.notFound('Session', command.sessionId);
  await audit?.record({ action: 'admin_session.deleted', objectType: 'admin_session', objectId: command.sessionId, before: { user_id: command.userId } });
}
