import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import type { SessionMeta } from './start-session';
import { Injectable, Optional } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import { AccountMailQueue } from '../account-mail-queue';
import { findAccountTokenByHash, markAccountTokenUsed, revokeUserTokens, usableToken } from '../account-tokens.repository';
import { findAdminUserById, isEmailTaken, updateUserEmail } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { hashSecretToken } from '../secret-tokens';

export interface RequestEmailChangeCommand {
  userId: string;
  password: string;
  newEmail: string;
  correlationId?: string;
}

/**
 * Asks to move the account to a new address: the current password is required (a stolen access
 * token alone cannot take the account), and nothing changes until the link e-mailed to the new
 * address is opened.
 */
@Injectable()
export class RequestEmailChange {
  constructor(
    private readonly central: CentralDb,
    private readonly passwords: PasswordHasher,
    private readonly mail: AccountMailQueue,
  ) {}

  async execute(command: RequestEmailChangeCommand): Promise<void> {
    const user = await findAdminUserById(this.central.pool, command.userId);
    if (!user) throw DomainError.notFound('Admin user', command.userId);
    if (!(await this.passwords.verify(user.passwordHash, command.password))) throw DomainError.validation('password', 'password is wrong');
    const newEmail = command.newEmail.trim().toLowerCase();
    if (newEmail === user.email) throw DomainError.validation('newEmail', 'newEmail is the address the account already has');
    if (await isEmailTaken(this.central.pool, newEmail)) throw DomainError.conflict('An account with this e-mail already exists', 'newEmail');
    await this.mail.enqueue({ kind: 'email_change', userId: user.id, newEmail }, command.correlationId);
  }
}

/**
 * The new address's confirmation (single use, 24 hours): the account's e-mail changes (verified),
 * pending reset and verification links to the old address die, and the old address is told.
 */
@Injectable()
export class ConfirmEmailChange {
  constructor(
    private readonly central: CentralDb,
    private readonly mail: AccountMailQueue,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: { token: string; correlationId?: string; meta?: SessionMeta }): Promise<void> {
    const { userId, tenantId, previousEmail, newEmail } = await inTransaction(this.central.pool, async (client) => {
      const token = usableToken(await findAccountTokenByHash(client, 'email_change', hashSecretToken(command.token), { lock: true }));
      const user = token.userId ? await findAdminUserById(client, token.userId) : null;
      if (!user) throw DomainError.validation('token', 'token is invalid');
      await markAccountTokenUsed(client, token.id);
      // The unique index decides an address taken since the request: 409 naming email.
      await updateUserEmail(client, user.id, token.email);
      await revokeUserTokens(client, user.id, 'password_reset');
      await revokeUserTokens(client, user.id, 'email_verification');
      return { userId: user.id, tenantId: user.tenantId, previousEmail: user.email, newEmail: token.email };
    });
    await this.mail.enqueue({ kind: 'email_changed', userId, previousEmail }, command.correlationId);
    await this.audit?.recordFor(tenantId, userActor({ id: userId, email: newEmail }), command.meta ?? { requestId: command.correlationId }, {
      action: 'admin_user.email_changed', objectType: 'admin_user', objectId: userId, before: { email: previousEmail }, after: { email: newEmail },
    });
  }
}
