import { emailChangedEmail, invitationEmail, passwordResetEmail } from './account-emails';

const action = { publicUrl: 'https://billing.example.com', apiPath: '/api/auth/password-reset/confirm', token: 'tok_abc-123', expiresAt: new Date('2026-12-02T10:30:00.000Z') };

describe('account e-mails', () => {
  it('carry the token on a line of its own, the API call that takes it and its expiry', () => {
    const email = passwordResetEmail({ userName: 'Ada', tenantName: 'Acme', action });
    expect(email.subject).toBe('Reset your NovaBilling password');
    expect(email.text.split('\n')).toContain('token: tok_abc-123');
    expect(email.text).toContain('POST https://billing.example.com/api/auth/password-reset/confirm before 2026-12-02T10:30:00.000Z. It works once.');
    expect(email.html).toContain('<code>token: tok_abc-123</code>');
  });

  it('keep a tenant name on one subject line and escape it in HTML', () => {
    const email = invitationEmail({ tenantName: 'Evil\r\nBcc: x@y <b>Co</b>', inviterName: 'Ada', role: 'member', action });
    expect(email.subject).toBe('You are invited to Evil Bcc: x@y <b>Co</b> on NovaBilling');
    expect(email.html).toContain('&lt;b&gt;Co&lt;/b&gt;');
    expect(email.html).not.toContain('<b>Co</b>');
    expect(email.text).toContain('Ada invited you to join');
  });

  it('a notice without a token has no token line', () => {
    const email = emailChangedEmail({ userName: 'Ada', tenantName: 'Acme', newEmail: 'ada@new.example', at: new Date('2026-12-02T10:00:00.000Z') });
    expect(email.text).toContain('was changed to ada@new.example at 2026-12-02T10:00:00.000Z');
    expect(email.text).not.toContain('token:');
  });
});
