import {
  emailVerificationAllows,
  ACCOUNT_TOKEN_TTL_SECONDS,
  accountTokenProblem,
  accountTokenStatus,
  formatRecoveryCode,
  invitationProblem,
  normaliseRecoveryCode,
  totpStepAccepted,
  totpStepAt,
} from './account-security';

const issued = new Date('2026-12-02T10:00:00.000Z');

describe('account tokens', () => {
  it('an invitation lives 7 days, a password reset 30 minutes, an MFA challenge 5 minutes', () => {
    expect(ACCOUNT_TOKEN_TTL_SECONDS).toEqual({ invitation: 604_800, password_reset: 1_800, email_verification: 259_200, email_change: 86_400, mfa_challenge: 300 });
  });

  it('works until its expiry, once; used and revoked say so even after expiry', () => {
    const token = { expiresAt: new Date(issued.getTime() + ACCOUNT_TOKEN_TTL_SECONDS.password_reset * 1000), usedAt: null, revokedAt: null };
    expect(accountTokenProblem(token, new Date('2026-12-02T10:29:59.999Z'))).toBeNull();
    expect(accountTokenProblem(token, new Date('2026-12-02T10:30:00.000Z'))).toBe('has expired');
    expect(accountTokenProblem({ ...token, usedAt: issued }, new Date('2026-12-03T00:00:00Z'))).toBe('was already used');
    expect(accountTokenStatus({ ...token, revokedAt: issued }, new Date('2026-12-03T00:00:00Z'))).toBe('revoked');
    expect(accountTokenProblem(null, issued)).toBe('is invalid');
  });
});

describe('invitations', () => {
  it('only an owner invites an owner; admins invite the other roles; members and viewers nobody', () => {
    expect(invitationProblem('owner', 'owner')).toBeNull();
    expect(invitationProblem('admin', 'owner')).toBe('Only an owner may invite an owner');
    expect(invitationProblem('admin', 'member')).toBeNull();
    expect(invitationProblem('member', 'viewer')).toBe('Only owners and admins may invite users');
  });
});

describe('MFA codes', () => {
  it('recovery codes compare without case, spaces or dashes and show as two groups of five', () => {
    expect(normaliseRecoveryCode(' AB3DE-fg7hk ')).toBe('ab3defg7hk');
    expect(formatRecoveryCode('ab3defg7hk')).toBe('ab3de-fg7hk');
  });

  it('a TOTP step is 30 s; a step is accepted only after the last accepted one (no replay)', () => {
    expect(totpStepAt(new Date(0))).toBe(0);
    expect(totpStepAt(new Date(29_999))).toBe(0);
    expect(totpStepAt(new Date(30_000))).toBe(1);
    expect(totpStepAccepted(null, 100)).toBe(true);
    expect(totpStepAccepted(100, 101)).toBe(true);
    expect(totpStepAccepted(100, 100)).toBe(false);
    expect(totpStepAccepted(100, 99)).toBe(false);
  });
});

describe('emailVerificationAllows (unverified owners: test mode only)', () => {
  const unverifiedLive = { ownerVerified: false, mode: 'live' as const };

  it('lets everything through once an owner is verified, and everything in test mode', () => {
    expect(emailVerificationAllows({ ownerVerified: true, mode: 'live', credential: 'api_key', method: 'POST', permission: 'money_out' })).toBe(true);
    expect(emailVerificationAllows({ ownerVerified: false, mode: 'test', credential: 'api_key', method: 'POST', permission: 'write' })).toBe(true);
    expect(emailVerificationAllows({ ownerVerified: false, mode: 'test', credential: 'session', method: 'DELETE', permission: 'tenant_admin' })).toBe(true);
  });

  it('refuses a live key outright, reads included', () => {
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'api_key', method: 'GET', permission: 'read' })).toBe(false);
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'api_key', method: 'POST', permission: 'write' })).toBe(false);
  });

  it('lets a live session read and manage its own account, nothing else', () => {
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'session', method: 'GET', permission: 'read' })).toBe(true);
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'session', method: 'HEAD', permission: 'read' })).toBe(true);
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'session', method: 'POST', permission: 'own_account' })).toBe(true);
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'session', method: 'POST', permission: 'write' })).toBe(false);
    expect(emailVerificationAllows({ ...unverifiedLive, credential: 'session', method: 'PATCH', permission: 'tenant_admin' })).toBe(false);
  });
});
