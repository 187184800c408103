import { DomainError } from '@nova/domain';
import type { CentralDb } from '@nova/central-db';
import { ActiveSession, listActiveSessions, revokeUserSession } from '../admin-users.repository';

export type { ActiveSession } from '../admin-users.repository';

/** The signed-in user's own logins that can still be refreshed (each a refresh-token family). */
export function listSessions(central: CentralDb, userId: string): Promise<ActiveSession[]> {
  return listActiveSessions(central.pool, userId);
}

/** Signs out one of the user's logins (its refresh tokens stop working; access tokens run out within their short TTL). */
export async function revokeSession(central: CentralDb, command: { userId: string; sessionId: string }): Promise<void> {
  if (!(await revokeUserSession(central.pool, command.userId, command.sessionId))) throw DomainError.notFound('Session', command.sessionId);
}
