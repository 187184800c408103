import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import { AccountMailQueue } from '../account-mail-queue';
import { findAccountTokenByHash, markAccountTokenUsed, usableToken } from '../account-tokens.repository';
import { findAdminUserById, markEmailVerified } from '../admin-users.repository';
import { hashSecretToken } from '../secret-tokens';
import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import { TenantDirectory } from '../tenant-directory';
import type { SessionMeta } from './start-session';

/** (Re)sends the verification e-mail of a signed-in user; a verified address is a 409 (nothing to do). */
@Injectable()
export class RequestEmailVerification {
  constructor(
    private readonly central: CentralDb,
    private readonly mail: AccountMailQueue,
  ) {}

  async execute(command: { userId: string; correlationId?: string }): Promise<void> {
    const user = await findAdminUserById(this.central.pool, command.userId);
    if (!user) throw DomainError.notFound('Admin user', command.userId);
    if (user.emailVerifiedAt) throw DomainError.invalidState('The e-mail address is already verified');
    await this.mail.enqueue({ kind: 'email_verification', userId: user.id }, command.correlationId);
  }
}

/**
 * The verification link's token (single use, 3 days): the address is verified. A token issued for an
 * address the user no longer has (changed meanwhile) is refused. With `after` (the API), the tenant's cached record
 * is refreshed everywhere and the verification recorded in its audit log.
 */
export async function verifyEmail(central: CentralDb, command: { token: string; meta?: SessionMeta }, after?: { directory: TenantDirectory; audit: CentralAuditLog }): Promise<void> {
  const user = await inTransaction(central.pool, async (client) => {
    const token = usableToken(await findAccountTokenByHash(client, 'email_verification', hashSecretToken(command.token), { lock: true }));
    const user = token.userId ? await findAdminUserById(client, token.userId) : null;
    if (!user || user.email !== token.email) throw DomainError.validation('token', 'token is invalid');
    await markAccountTokenUsed(client, token.id);
    await markEmailVerified(client, user.id);
    return user;
  });
  if (!after) return;
  // A verified owner opens live mode (emailVerificationAllows): every process forgets its cached copy of the tenant now.
  await after.directory.announceChange(user.tenantId);
  await after.audit.recordFor(user.tenantId, userActor(user), command.meta ?? {}, { action: 'admin_user.email_verified', objectType: 'admin_user', objectId: user.id, after: { email: user.email } });
}
