import { DomainError, ErrorCode } from '@nova/domain';
import { AccountMailHarness, accountMailHarness } from '../../../../test/support/account-mail';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, refreshSessionsOf, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { LoginAttempts } from './log-in';
import { ConfirmPasswordReset, RequestPasswordReset } from './password-reset';
import { startSession } from './start-session';

describe('password reset (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let mail: AccountMailHarness;
  let request: RequestPasswordReset;
  let confirm: ConfirmPasswordReset;
  const lockoutsLifted: string[] = [];
  const attempts: LoginAttempts = { admit: async () => undefined, failed: async () => undefined, succeeded: async (email) => void lockoutsLifted.push(email) };

  beforeAll(async () => {
    db = await migratedCentralDb('password_reset_uc');
    services = tenancyServices(db);
    mail = await accountMailHarness(db);
    request = new RequestPasswordReset(services.accountMail);
    confirm = new ConfirmPasswordReset(db.central, services.passwords, attempts);
  });
  afterAll(async () => {
    await mail.close();
    await services.close();
    await db.drop();
  });

  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, message: error.message, field: error.details?.fields?.[0]?.field } : error),
    );

  it('queues the same job for any address; the worker sends only to an existing account', async () => {
    const { email } = await seedTenant(db.central);
    await request.execute({ email: ` ${email.toUpperCase()} ` });
    await request.execute({ email: 'nobody@example.test' });
    const jobs = (await services.queuedAccountMail()).filter((job) => job.kind === 'password_reset');
    expect(jobs.map((job) => job.kind === 'password_reset' && job.email).sort()).toEqual([email, 'nobody@example.test'].sort());
    expect(await mail.run({ kind: 'password_reset', email: 'nobody@example.test' })).toEqual({ sent: false, reason: 'no account has this address' });
    const { message } = await mail.deliver({ kind: 'password_reset', email });
    expect(message.envelope.rcptTo).toEqual([email]);
    expect(message.text).toContain('/api/auth/password-reset/confirm');
  });

  it('sets the password once, revokes every session, lifts the lockout, verifies the address; an older link dies with a newer one', async () => {
    const { userId, tenantId, email } = await seedTenant(db.central);
    await startSession(db.central, { user: { id: userId, tenantId, role: 'owner' }, refreshTokenTtlDays: 30 });
    const { token: older } = await mail.deliver({ kind: 'password_reset', email });
    const { token } = await mail.deliver({ kind: 'password_reset', email });
    expect(await refusal(confirm.execute({ token: older, newPassword: 'a brand new horse' }))).toMatchObject({ field: 'token', message: 'token: token was revoked' });
    expect(await refusal(confirm.execute({ token, newPassword: 'password12' }))).toMatchObject({ code: ErrorCode.ValidationFailed, field: 'newPassword' });

    await confirm.execute({ token, newPassword: 'a brand new horse' });
    const { rows } = await db.central.pool.query('SELECT password_hash, email_verified_at FROM admin_users WHERE id = $1', [userId]);
    expect(await services.passwords.verify(rows[0].password_hash, 'a brand new horse')).toBe(true);
    expect(rows[0].email_verified_at).toEqual(expect.any(Date));
    expect((await refreshSessionsOf(db.central, userId)).every((session) => session.revoked_at !== null)).toBe(true);
    expect(lockoutsLifted).toContain(email);
    expect(await refusal(confirm.execute({ token, newPassword: 'yet another horse' }))).toMatchObject({ field: 'token', message: 'token: token was already used' });
  });

  it('a link lives 30 minutes; an unknown token is invalid', async () => {
    const { email } = await seedTenant(db.central);
    const { token } = await mail.deliver({ kind: 'password_reset', email });
    const { rows } = await db.central.pool.query(`SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM account_tokens WHERE purpose = 'password_reset' AND email = $1`, [email]);
    expect(rows[0].ttl).toBe(1800);
    await db.central.pool.query(`UPDATE account_tokens SET expires_at = now() - interval '1 millisecond' WHERE email = $1`, [email]);
    expect(await refusal(confirm.execute({ token, newPassword: 'a brand new horse' }))).toMatchObject({ field: 'token', message: 'token: token has expired' });
    expect(await refusal(confirm.execute({ token: 'x'.repeat(43), newPassword: 'a brand new horse' }))).toMatchObject({ field: 'token', message: 'token: token is invalid' });
  });
});
