import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { CentralDb } from '@nova/central-db';
import { SessionUser, insertRefreshSession, needsMfaEnrolment } from '../admin-users.repository';

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
  /** Ties queued work (the lockout e-mail) to the request's logs. */
  requestId?: string;
}

/** A signed-in admin and the opaque refresh token of their session; the API signs the access token for `user`. */
export interface SessionGrant {
  user: SessionUser;
  refreshToken: string;
  /**
   * The tenant requires MFA and the user has none: the session may only reach the user's own account
   * (to enrol) until a refresh or login after enrolment. Decided at every start and rotation.
   */
  mfaEnrolmentRequired: boolean;
}

export interface StartSessionCommand {
  user: SessionUser;
  meta?: SessionMeta;
  refreshTokenTtlDays: number;
  /** The login the session continues (a rotation); a new login starts a new family. */
  familyId?: string;
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Writes a refresh-session row and returns its token, which is stored only as its SHA-256. */
export async function startSession(central: CentralDb, command: StartSessionCommand): Promise<SessionGrant> {
  const refreshToken = randomBytes(32).toString('base64url');
  await insertRefreshSession(central.pool, {
    userId: command.user.id,
    familyId: command.familyId ?? randomUUID(),
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: new Date(Date.now() + command.refreshTokenTtlDays * 86_400_000),
    userAgent: command.meta?.userAgent?.slice(0, 255),
    ip: command.meta?.ip,
  });
  const mfaEnrolmentRequired = await needsMfaEnrolment(central.pool, command.user.id);
  return { user: { id: command.user.id, tenantId: command.user.tenantId, role: command.user.role }, refreshToken, mfaEnrolmentRequired };
}
