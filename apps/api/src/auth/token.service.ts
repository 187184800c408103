import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthConfig } from '@nova/config';
import { AdminRole, CentralDb } from '@nova/central-db';
import { SessionGrant, SessionMeta, SessionUser, startSession } from '@nova/tenancy';

export type { SessionMeta } from '@nova/tenancy';

export interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: AdminRole;
  /** 'enrol': the tenant requires MFA and the user has none; the guard lets the token reach only the user's own account. */
  mfa?: 'enrol';
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  mfaEnrolmentRequired: boolean;
}

/**
 * Short-lived JWT access tokens, signed and verified here. The opaque refresh tokens next to them
 * are sessions of @nova/tenancy (login, rotation with reuse detection, logout): this service
 * only turns a session into the pair a client receives.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AuthConfig,
    private readonly central: CentralDb,
  ) {}

  /** The access token for the session's user, next to its refresh token. */
  pair(grant: SessionGrant): TokenPair {
    const claims: AccessTokenClaims = { sub: grant.user.id, tid: grant.user.tenantId, role: grant.user.role, ...(grant.mfaEnrolmentRequired ? { mfa: 'enrol' as const } : {}) };
    const accessToken = this.jwt.sign(claims, { secret: this.config.jwtSecret, expiresIn: this.config.accessTokenTtlSeconds, algorithm: 'HS256' });
    return { accessToken, refreshToken: grant.refreshToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds, mfaEnrolmentRequired: grant.mfaEnrolmentRequired };
  }

  /** A new session for a user, without a password (tests and tools acting for a known admin). */
  async issue(user: SessionUser, meta: SessionMeta = {}): Promise<TokenPair> {
    return this.pair(await startSession(this.central, { user, meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays }));
  }

  verifyAccessToken(token: string): AccessTokenClaims {
    let claims: Partial<AccessTokenClaims> & { exp?: unknown };
    try {
      claims = this.jwt.verify<AccessTokenClaims & { exp?: unknown }>(token, { secret: this.config.jwtSecret, algorithms: ['HS256'] });
    } catch {
      throw new DomainError(ErrorCode.Unauthenticated, 'The access token is invalid or expired');
    }
    // jsonwebtoken accepts a token without `exp` as never expiring; ours always carry one, so a
    // token without it was not issued by this service's rules and must not live forever.
    if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || typeof claims.role !== 'string') {
      throw new DomainError(ErrorCode.Unauthenticated, 'The access token is invalid or expired');
    }
    return { sub: claims.sub, tid: claims.tid, role: claims.role, ...(claims.mfa === 'enrol' ? { mfa: 'enrol' as const } : {}) };
  }
}
