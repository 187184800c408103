import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import { HttpConfig } from '@nova/config';
import { inTransaction } from '@nova/common';
import { ACCOUNT_TOKEN_TTL_SECONDS } from '@nova/domain';
import { Mailer, RenderedEmail, TokenAction, emailChangeEmail, emailChangedEmail, emailVerificationEmail, invitationEmail, passwordResetEmail } from '@nova/mail';
import type { AccountMailRequest } from '@nova/queue';
import { findAccountToken, insertAccountToken, mintAccountToken, revokeUserTokens } from '../account-tokens.repository';
import { AdminContact, findAdminContact, findAdminUserByEmail, findAdminUserById } from '../admin-users.repository';
import { newSecretToken } from '../secret-tokens';
import { findTenantById } from '../tenants.repository';

/** What became of an account e-mail job: sent, or nothing to send (no such account, already verified, invitation gone). */
export type AccountMailOutcome = { sent: true; messageId: string } | { sent: false; reason: string };

const API_PATHS = {
  invitation: '/api/auth/invitations/accept',
  password_reset: '/api/auth/password-reset/confirm',
  email_verification: '/api/auth/verify-email',
  email_change: '/api/auth/email-change/confirm',
} as const;

/**
 * The worker's side of account e-mails: mints the single-use token (only its SHA-256 is stored),
 * renders and sends. A retry mints a fresh token, so only the latest e-mail's link works. The
 * secret exists only in memory and in the e-mail: it is never queued or logged.
 */
@Injectable()
export class SendAccountMail {
  constructor(
    private readonly central: CentralDb,
    private readonly mailer: Mailer,
    private readonly http: HttpConfig,
  ) {}

  async execute(request: AccountMailRequest): Promise<AccountMailOutcome> {
    switch (request.kind) {
      case 'invitation':
        return this.invitation(request.invitationId);
      case 'password_reset':
        return this.passwordReset(request.email);
      case 'email_verification':
        return this.emailVerification(request.userId);
      case 'email_change':
        return this.emailChange(request.userId, request.newEmail);
      case 'email_changed':
        return this.emailChanged(request.userId, request.previousEmail);
    }
  }

  private async invitation(invitationId: string): Promise<AccountMailOutcome> {
    const invitation = await findAccountToken(this.central.pool, invitationId);
    if (!invitation || invitation.purpose !== 'invitation') return { sent: false, reason: 'no such invitation' };
    const { token, hash } = newSecretToken();
    const minted = await mintAccountToken(this.central.pool, invitation.id, hash);
    if (!minted) return { sent: false, reason: 'the invitation was accepted, revoked or has expired' };
    const tenant = await findTenantById(this.central.pool, minted.tenantId);
    const inviter = minted.createdById ? await findAdminUserById(this.central.pool, minted.createdById) : null;
    const email = invitationEmail({ tenantName: tenant?.name ?? 'a tenant', inviterName: inviter?.name ?? null, role: minted.role ?? 'member', action: this.action('invitation', token, minted.expiresAt) });
    return this.send(minted.email, email);
  }

  private async passwordReset(address: string): Promise<AccountMailOutcome> {
    const user = await findAdminUserByEmail(this.central.pool, address);
    if (!user) return { sent: false, reason: 'no account has this address' };
    const contact = await findAdminContact(this.central.pool, user.id);
    const { token, expiresAt } = await this.issue(user.id, user.tenantId, user.email, 'password_reset');
    return this.send(user.email, passwordResetEmail({ userName: user.name, tenantName: contact?.tenantName ?? '', action: this.action('password_reset', token, expiresAt) }));
  }

  private async emailVerification(userId: string): Promise<AccountMailOutcome> {
    const user = await findAdminUserById(this.central.pool, userId);
    if (!user) return { sent: false, reason: 'the user no longer exists' };
    if (user.emailVerifiedAt) return { sent: false, reason: 'the address is already verified' };
    const contact = await findAdminContact(this.central.pool, user.id);
    const { token, expiresAt } = await this.issue(user.id, user.tenantId, user.email, 'email_verification');
    return this.send(user.email, emailVerificationEmail({ userName: user.name, tenantName: contact?.tenantName ?? '', action: this.action('email_verification', token, expiresAt) }));
  }

  private async emailChange(userId: string, newEmail: string): Promise<AccountMailOutcome> {
    const user = await findAdminUserById(this.central.pool, userId);
    if (!user) return { sent: false, reason: 'the user no longer exists' };
    const contact = await findAdminContact(this.central.pool, user.id);
    const { token, expiresAt } = await this.issue(user.id, user.tenantId, newEmail, 'email_change');
    return this.send(newEmail, emailChangeEmail({ userName: user.name, tenantName: contact?.tenantName ?? '', action: this.action('email_change', token, expiresAt) }));
  }

  private async emailChanged(userId: string, previousEmail: string): Promise<AccountMailOutcome> {
    const contact: AdminContact | null = await findAdminContact(this.central.pool, userId);
    if (!contact) return { sent: false, reason: 'the user no longer exists' };
    return this.send(previousEmail, emailChangedEmail({ userName: contact.name, tenantName: contact.tenantName, newEmail: contact.email, at: new Date() }));
  }

  /** A fresh token of the purpose for the user; the earlier unused ones of that purpose stop working. */
  private issue(userId: string, tenantId: string, email: string, purpose: 'password_reset' | 'email_verification' | 'email_change'): Promise<{ token: string; expiresAt: Date }> {
    const { token, hash } = newSecretToken();
    return inTransaction(this.central.pool, async (client) => {
      await revokeUserTokens(client, userId, purpose);
      const row = await insertAccountToken(client, { purpose, tenantId, userId, email, tokenHash: hash, ttlSeconds: ACCOUNT_TOKEN_TTL_SECONDS[purpose] });
      return { token, expiresAt: row.expiresAt };
    });
  }

  private action(purpose: keyof typeof API_PATHS, token: string, expiresAt: Date): TokenAction {
    return { publicUrl: this.http.publicUrl.replace(/\/$/, ''), apiPath: API_PATHS[purpose], token, expiresAt };
  }

  private async send(to: string, email: RenderedEmail): Promise<AccountMailOutcome> {
    const { messageId } = await this.mailer.send({ to, ...email });
    return { sent: true, messageId };
  }
}
