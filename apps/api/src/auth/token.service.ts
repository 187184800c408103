import { DomainError, ErrorCode } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AuthConfig } from '@nova/config';
import { AdminRole, AdminUser, CentralDb } from '@nova/central-db';
import { TenantDirectory } from '@nova/tenancy';
import { assertTenantAccessible } from './tenant-access';

export interface AccessTokenClaims {
  sub: string;
  tid: string;
  role: AdminRole;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface SessionMeta {
  userAgent?: string;
  ip?: string;
  /** Ties queued work (the lockout e-mail) to the request's logs. */
  requestId?: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Short-lived JWT access tokens and opaque refresh tokens that rotate on every use. Tokens of
 * one login share a family; presenting an already-rotated token means it leaked, so the whole
 * family is revoked.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AuthConfig,
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
  ) {}

  issue(user: Pick<AdminUser, 'id' | 'tenantId' | 'role'>, meta: SessionMeta = {}): Promise<TokenPair> {
    return this.issueInFamily(user, randomUUID(), meta);
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
    return { sub: claims.sub, tid: claims.tid, role: claims.role };
  }

  async rotate(refreshToken: string, meta: SessionMeta = {}): Promise<TokenPair> {
    const session = await this.central.prisma.refreshSession.findUnique({ where: { tokenHash: sha256(refreshToken) }, include: { user: true } });
    if (!session) throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token is invalid');
    if (session.revokedAt) throw new DomainError(ErrorCode.Unauthenticated, 'The session was signed out');
    if (session.expiresAt <= new Date()) throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token has expired');
    // Checked before the token is spent: once the tenant is resumed, the same token works again.
    assertTenantAccessible(await this.directory.find(session.user.tenantId));
    // Conditional update: of two concurrent uses of one token, exactly one wins; the other is a reuse.
    const claimed = await this.central.prisma.refreshSession.updateMany({
      where: { id: session.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: new Date() },
    });
    if (claimed.count === 0) {
      await this.revokeFamily(session.familyId);
      throw new DomainError(ErrorCode.Unauthenticated, 'The refresh token was already used; the session has been revoked');
    }
    return this.issueInFamily(session.user, session.familyId, meta);
  }

  /** Signs out the login the refresh token belongs to. Unknown tokens are ignored (idempotent). */
  async revoke(refreshToken: string): Promise<void> {
    const session = await this.central.prisma.refreshSession.findUnique({ where: { tokenHash: sha256(refreshToken) } });
    if (session) await this.revokeFamily(session.familyId);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.central.prisma.refreshSession.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  private async issueInFamily(user: Pick<AdminUser, 'id' | 'tenantId' | 'role'>, familyId: string, meta: SessionMeta): Promise<TokenPair> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, role: user.role };
    const accessToken = this.jwt.sign(claims, { secret: this.config.jwtSecret, expiresIn: this.config.accessTokenTtlSeconds, algorithm: 'HS256' });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.central.prisma.refreshSession.create({
      data: {
        userId: user.id,
        familyId,
        tokenHash: sha256(refreshToken),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
        userAgent: meta.userAgent?.slice(0, 255),
        ip: meta.ip,
      },
    });
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: this.config.accessTokenTtlSeconds };
  }
}
