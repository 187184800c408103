import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { claimRefreshSession, findRefreshSession, revokeSessionFamily } from '../admin-users.repository';
import { assertTenantAccessible } from '../tenant-access';
import { TenantDirectory } from '../tenant-directory';
import { SessionGrant, SessionMeta, hashRefreshToken, startSession } from './start-session';

export interface RotateSessionCommand {
  refreshToken: string;
  meta?: SessionMeta;
}

/**
 * Spends a refresh token for a new one in the same family. Presenting a token that was already
 * rotated means it leaked: the whole family (the login) is revoked.
 */
@Injectable()
export class RotateSession {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
    private readonly config: AuthConfig,
  ) {}

  async execute(command: RotateSessionCommand): Promise<SessionGrant> {
    const session = await findRefreshSession(this.central.pool, hashRefreshToken(command.refreshToken));
    if (!session) throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token is invalid');
    if (session.revokedAt) throw new DomainError(ErrorCode.Unauthenticated, 'The session was signed out');
    if (session.expiresAt <= new Date()) throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token has expired');
    // Checked before the token is spent: once the tenant is resumed, the same token works again.
    assertTenantAccessible(await this.directory.find(session.user.tenantId));
    if (!(await claimRefreshSession(this.central.pool, session.id))) {
      await revokeSessionFamily(this.central.pool, session.familyId);
      throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token was already used; the session has been revoked');
    }
    return startSession(this.central, { user: session.user, meta: command.meta, familyId: session.familyId, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
  }
}
