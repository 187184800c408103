import { Inject, Injectable, Optional } from '@nestjs/common';
import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import { CentralDb } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { inTransaction } from '@nova/common';
import { DomainError, ErrorCode, MFA_CHALLENGE_MAX_FAILURES, accountTokenProblem } from '@nova/domain';
import { findAccountTokenByHash, markAccountTokenUsed, recordTokenFailure } from '../account-tokens.repository';
import { findAdminUserById, recordLogin } from '../admin-users.repository';
import { hashSecretToken } from '../secret-tokens';
import { assertTenantAccessible } from '../tenant-access';
import { TenantDirectory } from '../tenant-directory';
import { TotpSecrets, useRecoveryCode } from '../totp-secrets';
import { LOGIN_ATTEMPTS, LoginAttempts, signInFailed, signedIn } from './log-in';
import { SessionGrant, SessionMeta, startSession } from './start-session';

export interface CompleteMfaLoginCommand {
  challengeToken: string;
  /** A current TOTP code… */
  code?: string;
  /** …or one of the recovery codes (each works once). */
  recoveryCode?: string;
  meta?: SessionMeta;
}

/**
 * The second step of a login with MFA on: the challenge from LogIn (single use, 5 minutes) and a
 * TOTP code of a step not accepted before, or an unused recovery code. Codes are throttled like
 * passwords: the account's and the IP's budget, a wrong code counts toward the account's lockout,
 * and a challenge dies after MFA_CHALLENGE_MAX_FAILURES wrong codes.
 */
@Injectable()
export class CompleteMfaLogin {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
    private readonly totp: TotpSecrets,
    private readonly config: AuthConfig,
    @Inject(LOGIN_ATTEMPTS) private readonly attempts: LoginAttempts,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: CompleteMfaLoginCommand): Promise<SessionGrant> {
    const meta = command.meta ?? {};
    if ((command.code === undefined) === (command.recoveryCode === undefined)) throw DomainError.validation('code', 'give either code or recoveryCode');
    const challengeHash = hashSecretToken(command.challengeToken);
    const challenge = await findAccountTokenByHash(this.central.pool, 'mfa_challenge', challengeHash);
    const user = challenge?.userId ? await findAdminUserById(this.central.pool, challenge.userId) : null;
    const problem = accountTokenProblem(challenge, new Date());
    if (problem || !challenge || !user) throw new DomainError(ErrorCode.Unauthenticated, `The MFA challenge ${problem ?? 'is invalid'}; sign in again`);
    await this.attempts.admit(user.email, meta);

    const accepted = await inTransaction(this.central.pool, async (client) => {
      // Locked: two answers to one challenge cannot both start a session.
      const current = await findAccountTokenByHash(client, 'mfa_challenge', challengeHash, { lock: true });
      if (accountTokenProblem(current, new Date())) return false;
      const ok = command.code !== undefined ? await this.totp.acceptCode(client, user.id, command.code, { enabledOnly: true }) : await useRecoveryCode(client, user.id, command.recoveryCode!);
      if (ok) await markAccountTokenUsed(client, challenge.id);
      return ok;
    });
    if (!accepted) {
      await recordTokenFailure(this.central.pool, challenge.id, MFA_CHALLENGE_MAX_FAILURES);
      await this.attempts.failed(user.email, user.id, meta);
      await this.audit?.recordFor(user.tenantId, userActor(user), meta, signInFailed(user.id, 'wrong_code'));
      throw new DomainError(ErrorCode.Unauthenticated, 'The code is wrong, expired or already used');
    }
    await this.attempts.succeeded(user.email);
    assertTenantAccessible(await this.directory.find(user.tenantId));
    await recordLogin(this.central.pool, user.id);
    const grant = await startSession(this.central, { user, meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
    await this.audit?.recordFor(user.tenantId, userActor(user), meta, signedIn(user.id, command.code !== undefined ? 'totp' : 'recovery_code'));
    return grant;
  }
}
