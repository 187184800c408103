import { Injectable, Optional } from '@nestjs/common';
import { CentralAuditLog, userActor } from '../audit/central-audit-log';
import type { AdminRole } from '@nova/central-db';
import { CentralDb } from '@nova/central-db';
import { AuthConfig } from '@nova/config';
import { type Page, type PageRequest, inTransaction, resolveWindow, toPage } from '@nova/common';
import { AccountTokenStatus, DomainError, ErrorCode, type Role, ACCOUNT_TOKEN_TTL_SECONDS, accountTokenStatus, invitationProblem, passwordProblem } from '@nova/domain';
import { AccountMailQueue } from '../account-mail-queue';
import { AccountTokenRow, findAccountToken, findAccountTokenByHash, insertAccountToken, listOpenInvitations, markAccountTokenUsed, openInvitationPosition, revokeAccountToken, revokePendingInvitations, usableToken } from '../account-tokens.repository';
import { findAdminUserByEmail, insertAdminUser } from '../admin-users.repository';
import { PasswordHasher } from '../password-hasher';
import { hashSecretToken } from '../secret-tokens';
import { assertTenantAccessible } from '../tenant-access';
import { TenantDirectory } from '../tenant-directory';
import { SessionGrant, SessionMeta, startSession } from './start-session';
import { signedIn } from './log-in';
import { assertSeatAvailable } from './tenant-plan';

export interface Invitation {
  id: string;
  email: string;
  role: AdminRole;
  status: AccountTokenStatus;
  invitedById: string | null;
  expiresAt: Date;
  createdAt: Date;
}

function invitationOf(row: AccountTokenRow, now = new Date()): Invitation {
  return { id: row.id, email: row.email, role: row.role ?? 'member', status: accountTokenStatus(row, now), invitedById: row.createdById, expiresAt: row.expiresAt, createdAt: row.createdAt };
}

export interface InviteUserCommand {
  tenantId: string;
  actorId: string;
  actorRole: AdminRole;
  email: string;
  role: AdminRole;
  correlationId?: string;
}

/**
 * Invites someone to the tenant: an invitation row (7 days) and its e-mail, whose single-use
 * token the worker mints as it sends. An address that already has an account (here, or in another
 * tenant: an e-mail signs in to one tenant) is a 409; inviting an address again replaces its
 * pending invitation, so only the latest link works.
 */
@Injectable()
export class InviteUser {
  constructor(
    private readonly central: CentralDb,
    private readonly mail: AccountMailQueue,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: InviteUserCommand): Promise<Invitation> {
    const problem = invitationProblem(command.actorRole as Role, command.role as Role);
    if (problem) throw new DomainError(ErrorCode.Forbidden, problem);
    const email = command.email.trim().toLowerCase();
    const existing = await findAdminUserByEmail(this.central.pool, email);
    if (existing) {
      throw DomainError.conflict(existing.tenantId === command.tenantId ? 'This e-mail already belongs to a user of the tenant' : 'An account with this e-mail already exists', 'email');
    }
    const row = await inTransaction(this.central.pool, async (client) => {
      // A full team cannot invite (402 naming teamSeats); accepting checks again, when the seat is taken.
      await assertSeatAvailable(client, command.tenantId);
      await revokePendingInvitations(client, command.tenantId, email);
      return insertAccountToken(client, {
        purpose: 'invitation',
        tenantId: command.tenantId,
        email,
        role: command.role,
        createdById: command.actorId,
        tokenHash: null,
        ttlSeconds: ACCOUNT_TOKEN_TTL_SECONDS['invitation'],
      });
    });
    await this.mail.enqueue({ kind: 'invitation', invitationId: row.id }, command.correlationId);
    await this.audit?.record({ action: 'invitation.created', objectType: 'invitation', objectId: row.id, after: { email, role: command.role, expires_at: row.expiresAt } });
    return invitationOf(row);
  }
}

/** Invitations neither accepted nor revoked (expired ones show as expired), newest first, one keyset page at a time. */
export async function listInvitations(central: CentralDb, command: PageRequest & { tenantId: string }): Promise<Page<Invitation>> {
  const window = await resolveWindow(command, (id) => openInvitationPosition(central.pool, command.tenantId, id));
  const now = new Date();
  const page = toPage(await listOpenInvitations(central.pool, command.tenantId, window), command.limit, undefined, window);
  return { ...page, data: page.data.map((row) => invitationOf(row, now)) };
}

/** Revokes a pending invitation: its link stops working. Another tenant's id is a 404; an accepted one a 409. */
export async function revokeInvitation(central: CentralDb, command: { tenantId: string; invitationId: string }, audit?: CentralAuditLog): Promise<void> {
  const revoked = await inTransaction(central.pool, async (client) => {
    const row = await findAccountToken(client, command.invitationId, { lock: true });
    if (!row || row.purpose !== 'invitation' || row.tenantId !== command.tenantId) throw DomainError.notFound('Invitation', command.invitationId);
    if (row.usedAt) throw DomainError.invalidState('The invitation was already accepted; remove the user instead');
    await revokeAccountToken(client, row.id);
    return row;
  });
  await audit?.record({ action: 'invitation.revoked', objectType: 'invitation', objectId: revoked.id, before: { email: revoked.email, role: revoked.role } });
}

export interface AcceptInvitationCommand {
  token: string;
  name: string;
  password: string;
  meta?: SessionMeta;
}

/**
 * The invitee sets a name and a password and becomes a user of the tenant with the invited role,
 * signed in. The token works once; the e-mail counts as verified (the link reached that inbox).
 */
@Injectable()
export class AcceptInvitation {
  constructor(
    private readonly central: CentralDb,
    private readonly directory: TenantDirectory,
    private readonly passwords: PasswordHasher,
    private readonly config: AuthConfig,
    @Optional() private readonly audit?: CentralAuditLog,
  ) {}

  async execute(command: AcceptInvitationCommand): Promise<SessionGrant> {
    const weakness = passwordProblem(command.password);
    if (weakness) throw DomainError.validation('password', weakness);
    const tokenHash = hashSecretToken(command.token);
    // A bad token is refused before the (slow on purpose) password hash, and again under the lock.
    usableToken(await findAccountTokenByHash(this.central.pool, 'invitation', tokenHash));
    const passwordHash = await this.passwords.hash(command.password);
    const { user, invitation } = await inTransaction(this.central.pool, async (client) => {
      const invitation = usableToken(await findAccountTokenByHash(client, 'invitation', tokenHash, { lock: true }));
      assertTenantAccessible(await this.directory.find(invitation.tenantId));
      // The plan's teamSeats are checked when the seat is taken (402 naming the limit), under the tenant's lock.
      await assertSeatAvailable(client, invitation.tenantId);
      await markAccountTokenUsed(client, invitation.id);
      // The unique index decides an address taken since the invitation: 409 naming email.
      const user = await insertAdminUser(client, { tenantId: invitation.tenantId, email: invitation.email, name: command.name, passwordHash, role: invitation.role ?? 'member', emailVerified: true });
      return { user, invitation };
    });
    const grant = await startSession(this.central, { user, meta: command.meta, refreshTokenTtlDays: this.config.refreshTokenTtlDays });
    // An invited owner arrives verified, which may open live mode (emailVerificationAllows).
    if (user.role === 'owner') await this.directory.announceChange(user.tenantId);
    const meta = command.meta ?? {};
    await this.audit?.recordFor(user.tenantId, userActor(user), meta, { action: 'invitation.accepted', objectType: 'invitation', objectId: invitation.id, after: { user_id: user.id, email: user.email, role: user.role } });
    await this.audit?.recordFor(user.tenantId, userActor(user), meta, signedIn(user.id, 'invitation'));
    return grant;
  }
}
