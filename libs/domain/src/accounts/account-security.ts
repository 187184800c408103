import { DomainError, ErrorCode } from '../errors';
import type { TenantMode } from './mode';
import { type Permission, type Role, isReadMethod } from './permissions';

// The rules of account security, defined once: how long each e-mailed or handed-out token lives,
// when a token still works, who may invite whom, how many MFA codes a challenge tolerates, and
// which TOTP step may be accepted. The tenancy use cases and the API's DTOs import them from here.

export const ACCOUNT_TOKEN_PURPOSES = ['invitation', 'password_reset', 'email_verification', 'email_change', 'mfa_challenge'] as const;
export type AccountTokenPurposeName = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

/** How long a token of each purpose works after it is issued (seconds). */
export const ACCOUNT_TOKEN_TTL_SECONDS: Readonly<Record<AccountTokenPurposeName, number>> = {
  invitation: 7 * 86_400,
  password_reset: 30 * 60,
  email_verification: 3 * 86_400,
  email_change: 24 * 3_600,
  // Long enough to open an authenticator app, short enough that a stolen challenge is soon worthless.
  mfa_challenge: 5 * 60,
};

export interface AccountTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type AccountTokenStatus = 'pending' | 'used' | 'revoked' | 'expired';

/** Used and revoked win over expired: a list shows what happened to the token, not only that it is old. */
export function accountTokenStatus(token: AccountTokenState, now: Date): AccountTokenStatus {
  if (token.usedAt) return 'used';
  if (token.revokedAt) return 'revoked';
  return token.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** Why a presented token cannot be used (a phrase after "token "), or null when it can. */
export function accountTokenProblem(token: AccountTokenState | null, now: Date): string | null {
  if (!token) return 'is invalid';
  switch (accountTokenStatus(token, now)) {
    case 'pending':
      return null;
    case 'used':
      return 'was already used';
    case 'revoked':
      return 'was revoked';
    case 'expired':
      return 'has expired';
  }
}

/** Only an owner may invite an owner (as only an owner may grant ownership); owners and admins invite the other roles. */
export function invitationProblem(actorRole: Role, invitedRole: Role): string | null {
  if (invitedRole === 'owner' && actorRole !== 'owner') return 'Only an owner may invite an owner';
  if (actorRole !== 'owner' && actorRole !== 'admin') return 'Only owners and admins may invite users';
  return null;
}

/** Wrong codes one MFA challenge tolerates; the next wrong one kills it and the user signs in again. */
export const MFA_CHALLENGE_MAX_FAILURES = 5;

export const RECOVERY_CODE_COUNT = 10;
/** Characters of a recovery code (shown as two groups of five): 50 bits from a 32-letter alphabet. */
export const RECOVERY_CODE_LENGTH = 10;
/** Crockford's base32 letters: no I, L, O or U to misread. */
export const RECOVERY_CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The form a recovery code is compared in: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/** xxxxx-xxxxx, the way codes are shown to the user. */
export function formatRecoveryCode(normalised: string): string {
  return `${normalised.slice(0, 5)}-${normalised.slice(5)}`;
}

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps either side of now still accepted: a clock up to 30 s off, or a code typed as it rolled over. */
export const TOTP_WINDOW_STEPS = 1;
export const TOTP_CODE_PATTERN = /^\d{6}$/;

export function totpStepAt(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/**
 * A valid code of `step` is accepted only if its step comes after the last one accepted: the same
 * code twice (or an older one seen over a shoulder) is refused, even within its 30 seconds.
 */
export function totpStepAccepted(lastAcceptedStep: number | null, step: number): boolean {
  return lastAcceptedStep === null || step > lastAcceptedStep;
}

/**
 * "Unverified owners can use test mode only": until one of the tenant's owners has verified an e-mail address
 * (signup's verification link; invited users, a password reset and a confirmed e-mail change count as verified),
 * live mode is closed. Test mode works in full. In live mode an `sk_live_` key is refused outright and a session
 * may still read (GET/HEAD: the dashboard, /api/tenants/me, the team) and manage its own account (`own_account`:
 * /api/account/*, where the verification e-mail is sent again); /api/auth/* is public and never asks.
 */
export function emailVerificationAllows(request: { ownerVerified: boolean; mode: TenantMode; credential: 'session' | 'api_key'; method: string; permission: Permission }): boolean {
  if (request.ownerVerified || request.mode === 'test') return true;
  if (request.credential === 'api_key') return false;
  return isReadMethod(request.method) || request.permission === 'own_account';
}

/** 403 `email_unverified`. */
export function emailUnverified(): DomainError {
  return new DomainError(
    ErrorCode.EmailUnverified,
    'Verify the owner\'s e-mail address to use live mode (POST /api/auth/verify-email with the e-mailed token; POST /api/account/email-verification sends it again); test mode (sk_test_ keys, or Nova-Mode: test) works meanwhile',
  );
}
