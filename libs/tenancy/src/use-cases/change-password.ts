import { DomainError, passwordProblem } from '@nova/domain';
import { Injectable, Optional } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { findAdminUserById, revokeUserSessions, updatePasswordHash } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { CentralAuditLog } from '../audit/central-audit-log';

export interface ChangePasswordCommand {
  userId: string;
  currentPassword: string;
  newPassword: string;
}

/**
 * A signed-in admin changes their password: the current one must be given (a stolen access token
 * alone cannot take the account), and every session of the user is revoked with the change, in
 * one transaction, so a leaked refresh token dies with the old password.
 */
@Injectable()
export class ChangePassword {
  constructor(
    private readonly central: CentralDb,
    private readonly passwords: PasswordHasher,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<void> {
    const weakness = passwordProblem(command.newPassword);
    if (weakness) throw DomainError.validation('newPassword', weakness);
    const user = await findAdminUserById(this.central.pool, command.userId);
    if (!user) throw DomainError.notFound('Admin user', command.userId);
    if (!(await this.passwords.verify(user.passwordHash, command.currentPassword))) throw DomainError.validation('currentPassword', 'currentPassword is wrong');
    const passwordHash = await this.passwords.hash(command.newPassword);
    await inTransaction(this.central.pool, async (client) => {
      await updatePasswordHash(client, user.id, passwordHash);
      await revokeUserSessions(client, user.id);
    });
    // The hash itself never reaches the log: only that it changed.
    await this.audit?.record({ action: 'admin_user.updated', objectType: 'admin_user', objectId: user.id, before: { password_hash: '[masked]' }, after: { password_hash: '[masked]', sessions_revoked: true } });
  }
}
