// RequestEmailVerification, verifyEmail, RequestEmailChange and ConfirmEmailChange: the address of an account.
import { DomainError, ErrorCode } from '@nova/domain';
import { AccountMailHarness, accountMailHarness } from '../../../../test/support/account-mail';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { ConfirmEmailChange, RequestEmailChange } from './change-email';
import { RequestEmailVerification, verifyEmail } from './email-verification';

describe('e-mail verification and change (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let mail: AccountMailHarness;
  let resend: RequestEmailVerification;
  let requestChange: RequestEmailChange;
  let confirmChange: ConfirmEmailChange;
  let passwordHash: string;

  beforeAll(async () => {
    db = await migratedCentralDb('email_address_uc');
    services = tenancyServices(db);
    mail = await accountMailHarness(db);
    resend = new RequestEmailVerification(db.central, services.accountMail);
    requestChange = new RequestEmailChange(db.central, services.passwords, services.accountMail);
    confirmChange = new ConfirmEmailChange(db.central, services.accountMail);
    passwordHash = await services.passwords.hash('the right password');
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
  const verifiedAt = async (userId: string) => (await db.central.pool.query('SELECT email_verified_at FROM admin_users WHERE id = $1', [userId])).rows[0].email_verified_at;

  it('verifies with the e-mailed token, once; a verified address needs no new e-mail', async () => {
    const { userId, email } = await seedTenant(db.central);
    await resend.execute({ userId });
    expect(await services.queuedAccountMail()).toContainEqual({ kind: 'email_verification', userId, correlationId: expect.any(String) });
    const { message, token } = await mail.deliver({ kind: 'email_verification', userId });
    expect(message.envelope.rcptTo).toEqual([email]);
    expect(await verifiedAt(userId)).toBeNull();
    await verifyEmail(db.central, { token });
    expect(await verifiedAt(userId)).toEqual(expect.any(Date));
    expect(await refusal(verifyEmail(db.central, { token }))).toMatchObject({ field: 'token', message: 'token: token was already used' });
    expect(await refusal(resend.execute({ userId }))).toMatchObject({ code: ErrorCode.InvalidState });
    expect(await mail.run({ kind: 'email_verification', userId })).toEqual({ sent: false, reason: 'the address is already verified' });
  });

  it('an e-mail change needs the password and a free address, and happens only on confirmation; the old address is told', async () => {
    const { userId, email } = await seedTenant(db.central, { passwordHash });
    const taken = await seedTenant(db.central);
    expect(await refusal(requestChange.execute({ userId, password: 'wrong', newEmail: 'new@example.test' }))).toMatchObject({ field: 'password' });
    expect(await refusal(requestChange.execute({ userId, password: 'the right password', newEmail: taken.email }))).toMatchObject({ code: ErrorCode.Conflict, field: 'newEmail' });
    expect(await refusal(requestChange.execute({ userId, password: 'the right password', newEmail: email }))).toMatchObject({ field: 'newEmail' });

    const newEmail = `new-${userId.slice(0, 8)}@example.test`;
    await requestChange.execute({ userId, password: 'the right password', newEmail: newEmail.toUpperCase() });
    expect(await services.queuedAccountMail()).toContainEqual({ kind: 'email_change', userId, newEmail, correlationId: expect.any(String) });
    const { message, token } = await mail.deliver({ kind: 'email_change', userId, newEmail });
    expect(message.envelope.rcptTo).toEqual([newEmail]);
    expect((await db.central.pool.query('SELECT email FROM admin_users WHERE id = $1', [userId])).rows[0].email).toBe(email);
    // A pending verification link of the old address dies with the change.
    const { token: oldVerification } = await mail.deliver({ kind: 'email_verification', userId });

    await confirmChange.execute({ token });
    expect((await db.central.pool.query('SELECT email, email_verified_at FROM admin_users WHERE id = $1', [userId])).rows[0]).toEqual({ email: newEmail, email_verified_at: expect.any(Date) });
    expect(await services.queuedAccountMail()).toContainEqual({ kind: 'email_changed', userId, previousEmail: email, correlationId: expect.any(String) });
    const notice = await mail.send.execute({ kind: 'email_changed', userId, previousEmail: email });
    expect(notice.sent).toBe(true);
    const received = await mail.smtp.waitFor((m) => m.envelope.rcptTo.includes(email) && /was changed/.test(m.subject ?? ''));
    expect(received.text).toContain(newEmail);
    expect(await refusal(confirmChange.execute({ token }))).toMatchObject({ field: 'token', message: 'token: token was already used' });
    expect(await refusal(verifyEmail(db.central, { token: oldVerification }))).toMatchObject({ field: 'token', message: 'token: token was revoked' });
  });

  it('a confirmation for an address taken meanwhile is a 409 naming email, and changes nothing', async () => {
    const { userId, email } = await seedTenant(db.central, { passwordHash });
    const wanted = `wanted-${userId.slice(0, 8)}@example.test`;
    const { token } = await mail.deliver({ kind: 'email_change', userId, newEmail: wanted });
    const other = await seedTenant(db.central);
    await db.central.pool.query('UPDATE admin_users SET email = $2 WHERE id = $1', [other.userId, wanted]);
    expect(await refusal(confirmChange.execute({ token }))).toMatchObject({ code: ErrorCode.Conflict, field: 'email' });
    expect((await db.central.pool.query('SELECT email FROM admin_users WHERE id = $1', [userId])).rows[0].email).toBe(email);
  });
});
