import { DomainError, ErrorCode, ACCOUNT_TOKEN_TTL_SECONDS } from '@nova/domain';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import { CentralDb } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { insertAccountToken, purgeSpentChallenges } from '../account-tokens.repository';
import { findAdminUserByEmail, recordLogin } from '../admin-users.repository';
import { newSecretToken } from '../secret-tokens';
import { PasswordHasher } from '../password-hasher';
import { assertTenantAccessible } from '../tenant-access';
import { TenantDirectory } from '../tenant-directory';
import { SessionGrant, SessionMeta, startSession } from './start-session';

/**
 * How sign-in attempts are limited: the application's throttle (an HTTP concern, per IP and per
 * account) plugs in here under LOGIN_ATTEMPTS.
 */
export interface LoginAttempts {
  /** Before the password is checked; throws to refuse the attempt (throttled, account locked). */
  admit(email: string, meta: SessionMeta): Promise<void>;
  /** A wrong password or an unknown e-mail; `userId` is the account's when the e-mail exists. */
  failed(email: string, userId: string | null, meta: SessionMeta): Promise<void>;
  /** The right password (and, with MFA on, the right code); also a completed password reset. */
  succeeded(email: string): Promise<void>;
}

export const LOGIN_ATTEMPTS = Symbol('LoginAttempts');

export interface LogInCommand {
  email: string;
  password: string;
  meta?: SessionMeta;
}

/**
 * What a right password gets: a session, or with MFA on a challenge to answer with a code at
 * CompleteMfaLogin (the grant says when the tenant requires MFA and this user has none yet).
 */
export type LoginResult =
  | { kind: 'session'; grant: SessionGrant }
  | { kind: 'mfa_challenge'; challengeToken: string; expiresAt: Date };

@Injectable()
export class LogIn {
  // Verifying against a real hash when the e-mail is unknown keeps login timing uniform.
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
    private readonly passwords: PasswordHasher,
    private readonly config: AuthConfig,
    @Inject(LOGIN_ATTEMPTS) private readonly attempts: LoginAttempts,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {
    this.dummyHash = passwords.hash('not-a-real-password');
  }

  async execute(command: LogInCommand): Promise<LoginResult> {
    const meta = command.meta ?? {};
    await this.attempts.admit(command.email, meta);
    const user = await findAdminUserByEmail(this.central.pool, command.email);
    const valid = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), command.password);
    if (!user || !valid) {
      // An unknown address belongs to no tenant: nothing to record (and nothing to tell apart).
      if (user) await this.audit?.recordFor(user.tenantId, userActor(user), meta, signInFailed(user.id, 'wrong_password'));
      await this.attempts.failed(command.email, user?.id ?? null, meta);
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong e-mail or password');
    }
    // With MFA on, failures are not reset yet: wrong codes at the challenge count toward the same lockout.
    if (!user.totpEnabledAt) await this.attempts.succeeded(command.email);
    // Only after the password: the suspension is no one else's business.
    assertTenantAccessible(await this.directory.find(user.tenantId));
    if (user.totpEnabledAt) {
      await purgeSpentChallenges(this.central.pool, user.id);
      const { token, hash } = newSecretToken();
      const challenge = await insertAccountToken(this.central.pool, {
        purpose: 'mfa_challenge',
        tenantId: user.tenantId,
        userId: user.id,
        email: user.email,
        tokenHash: hash,
        ttlSeconds: ACCOUNT_TOKEN_TTL_SECONDS.mfa_challenge,
      });
      return { kind: 'mfa_challenge', challengeToken: token, expiresAt: challenge.expiresAt };
    }
    await recordLogin(this.central.pool, user.id);
    const grant = await startSession(this.central, { user, meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
    await this.audit?.recordFor(user.tenantId, userActor(user), meta, signedIn(user.id, 'password'));
    return { kind: 'session', grant };
  }
}

/** The audit entry of a sign-in (`method`: what completed it). */
export function signedIn(userId: string, method: 'password' | 'totp' | 'recovery_code' | 'invitation') {
  return { action: 'admin_user.signed_in', objectType: 'admin_user', objectId: userId, after: { method } };
}

/** The audit entry of a refused sign-in of a known account (unknown addresses record nothing). */
export function signInFailed(userId: string, reason: 'wrong_password' | 'wrong_code') {
  return { action: 'admin_user.sign_in_failed', objectType: 'admin_user', objectId: userId, after: { reason } };
}
