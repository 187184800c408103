import { Inject, Injectable, Optional } from '@nestjs/common';
import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import { TenantDirectory } from '../tenant-directory';
import type { SessionMeta } from './start-session';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { DomainError, passwordProblem } from '@nova/domain';
import { AccountMailQueue } from '../account-mail-queue';
import { findAccountTokenByHash, markAccountTokenUsed, usableToken } from '../account-tokens.repository';
import { findAdminUserById, markEmailVerified, revokeUserSessions, updatePasswordHash } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { hashSecretToken } from '../secret-tokens';
import { LOGIN_ATTEMPTS, LoginAttempts } from './log-in';

/**
 * "Forgot password": queues the reset e-mail for whatever address was typed. Whether an account has
 * it is decided by the worker, so the answer (and its timing) is the same for every address.
 */
@Injectable()
export class RequestPasswordReset {
  constructor(private readonly mail: AccountMailQueue) {}

  async execute(command: { email: string; correlationId?: string }): Promise<void> {
    await this.mail.enqueue({ kind: 'password_reset', email: command.email.trim().toLowerCase() }, command.correlationId);
  }
}

export interface ConfirmPasswordResetCommand {
  token: string;
  newPassword: string;
  meta?: SessionMeta;
}

/**
 * Sets a new password with the e-mailed token (single use, 30 minutes): every session of the user
 * is revoked in the same transaction, the sign-in lockout is lifted (the user proved the inbox),
 * and the address counts as verified.
 */
@Injectable()
export class ConfirmPasswordReset {
  constructor(
    private readonly central: CentralDb,
    private readonly passwords: PasswordHasher,
    @Inject(LOGIN_ATTEMPTS) private readonly attempts: LoginAttempts,
    @Optional() private readonly audit?: CentralAuditLog,
    @Optional() private readonly directory?: TenantDirectory,
  ) {}

  async execute(command: ConfirmPasswordResetCommand): Promise<void> {
    const weakness = passwordProblem(command.newPassword);
    if (weakness) throw DomainError.validation('newPassword', weakness);
    const tokenHash = hashSecretToken(command.token);
    // A bad token is refused before the (slow on purpose) password hash, and again under the lock.
    usableToken(await findAccountTokenByHash(this.central.pool, 'password_reset', tokenHash));
    const passwordHash = await this.passwords.hash(command.newPassword);
    const user = await inTransaction(this.central.pool, async (client) => {
      const token = usableToken(await findAccountTokenByHash(client, 'password_reset', tokenHash, { lock: true }));
      const user = token.userId ? await findAdminUserById(client, token.userId) : null;
      if (!user) throw DomainError.validation('token', 'token is invalid');
      await markAccountTokenUsed(client, token.id);
      await updatePasswordHash(client, user.id, passwordHash);
      await revokeUserSessions(client, user.id);
      // The link went to the address the account still has (an e-mail change revokes pending resets).
      await markEmailVerified(client, user.id);
      return user;
    });
    await this.attempts.succeeded(user.email);
    // The address counts as verified now, which may open live mode (emailVerificationAllows).
    if (!user.emailVerifiedAt) await this.directory?.announceChange(user.tenantId);
    await this.audit?.recordFor(user.tenantId, userActor(user), command.meta ?? {}, {
      action: 'admin_user.password_reset', objectType: 'admin_user', objectId: user.id, after: { password_hash: '[masked]', sessions_revoked: true },
    });
  }
}
