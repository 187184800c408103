// TOTP enrolment, recovery codes, disabling, and the MFA step of a login, on a real central database.
import { Secret, TOTP } from 'otpauth';
import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { CompleteMfaLogin } from './complete-mfa-login';
import { getAccount } from './get-account';
import { LogIn, LoginAttempts } from './log-in';
import { ConfirmTotpEnrolment, DisableTotp, RegenerateRecoveryCodes, StartTotpEnrolment } from './manage-mfa';

describe('TOTP MFA (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let start: StartTotpEnrolment;
  let confirm: ConfirmTotpEnrolment;
  let disable: DisableTotp;
  let regenerate: RegenerateRecoveryCodes;
  let logIn: LogIn;
  let completeMfaLogin: CompleteMfaLogin;
  let passwordHash: string;
  const events: string[] = [];
  const attempts: LoginAttempts = {
    admit: async (email) => void events.push(`admit ${email}`),
    failed: async (email) => void events.push(`failed ${email}`),
    succeeded: async (email) => void events.push(`succeeded ${email}`),
  };

  beforeAll(async () => {
    db = await migratedCentralDb('mfa_uc');
    services = tenancyServices(db);
    start = new StartTotpEnrolment(db.central, services.passwords, services.totp);
    confirm = new ConfirmTotpEnrolment(db.central, services.totp);
    disable = new DisableTotp(db.central, services.passwords, services.totp);
    regenerate = new RegenerateRecoveryCodes(db.central, services.totp);
    logIn = new LogIn(db.central, services.directory, services.passwords, db.config.auth, attempts);
    completeMfaLogin = new CompleteMfaLogin(db.central, services.directory, services.totp, db.config.auth, attempts);
    passwordHash = await services.passwords.hash('the right password');
  });
  beforeEach(() => events.splice(0));
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, message: error.message, field: error.details?.fields?.[0]?.field } : error),
    );
  const authenticator = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  /** A 6-digit code no authenticator of this secret shows within a minute of `at`. */
  const wrongCode = (totp: TOTP, at: number) => ['000000', '111111', '222222', '333333'].find((code) => ![-30_000, 0, 30_000].some((offset) => totp.generate({ timestamp: at + offset }) === code))!;

  async function enrolled(): Promise<{ userId: string; email: string; totp: TOTP; codes: string[]; at: number }> {
    const { userId, email } = await seedTenant(db.central, { passwordHash });
    const enrolment = await start.execute({ userId, password: 'the right password' });
    const totp = authenticator(enrolment.secret);
    // The previous step: the tests' "now" codes are still new steps.
    const at = Date.now();
    const codes = await confirm.execute({ userId, code: totp.generate({ timestamp: at - 30_000 }) });
    return { userId, email, totp, codes, at };
  }

  it('enrolment: the password is required, the secret is sealed at rest, MFA is on only after a first code, with ten distinct recovery codes', async () => {
    const { userId, email } = await seedTenant(db.central, { passwordHash });
    expect(await refusal(start.execute({ userId, password: 'wrong' }))).toMatchObject({ field: 'password' });
    expect(await refusal(confirm.execute({ userId, code: '123456' }))).toMatchObject({ code: ErrorCode.InvalidState });
    const enrolment = await start.execute({ userId, password: 'the right password' });
    expect(enrolment.otpauthUri).toBe(`otpauth://totp/NovaBilling:${encodeURIComponent(email)}?issuer=NovaBilling&secret=${enrolment.secret}&algorithm=SHA1&digits=6&period=30`);
    const { rows } = await db.central.pool.query('SELECT totp_secret, totp_enabled_at FROM admin_users WHERE id = $1', [userId]);
    expect(rows[0].totp_enabled_at).toBeNull();
    expect(rows[0].totp_secret).toMatch(/^v1:/);
    expect(services.cipher.decrypt(rows[0].totp_secret, `admin-user:${userId}/totp`)).toBe(enrolment.secret);
    expect((await getAccount(db.central, userId)).mfaEnabled).toBe(false);

    const totp = authenticator(enrolment.secret);
    expect(await refusal(confirm.execute({ userId, code: wrongCode(totp, Date.now()) }))).toMatchObject({ field: 'code' });
    const codes = await confirm.execute({ userId, code: totp.generate() });
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    codes.forEach((code) => expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/));
    const { rows: stored } = await db.central.pool.query('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = $1', [userId]);
    expect(stored.map((row) => row.code_hash)).not.toContain(codes[0]);
    expect(await getAccount(db.central, userId)).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
    expect(await refusal(start.execute({ userId, password: 'the right password' }))).toMatchObject({ code: ErrorCode.InvalidState });
  });

  it('login with MFA on: a challenge, then a code of a new step; the same step again is refused, even on a new challenge', async () => {
    const { email, totp, at } = await enrolled();
    const challenge = await logIn.execute({ email, password: 'the right password' });
    if (challenge.kind !== 'mfa_challenge') throw new Error('expected a challenge');
    expect(challenge.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    // The password was right, but failures are not reset until the code is.
    expect(events).toEqual([`admit ${email}`]);
    expect(await refusal(completeMfaLogin.execute({ challengeToken: challenge.challengeToken, code: totp.generate({ timestamp: at - 30_000 }) }))).toMatchObject({ code: ErrorCode.Unauthenticated });
    const code = totp.generate({ timestamp: at });
    const grant = await completeMfaLogin.execute({ challengeToken: challenge.challengeToken, code });
    expect(grant.refreshToken).toEqual(expect.any(String));
    expect(events).toEqual([`admit ${email}`, `admit ${email}`, `failed ${email}`, `admit ${email}`, `succeeded ${email}`]);
    expect(await refusal(completeMfaLogin.execute({ challengeToken: challenge.challengeToken, code }))).toMatchObject({ code: ErrorCode.Unauthenticated, message: 'The MFA challenge was already used; sign in again' });
    const again = await logIn.execute({ email, password: 'the right password' });
    if (again.kind !== 'mfa_challenge') throw new Error('expected a challenge');
    expect(await refusal(completeMfaLogin.execute({ challengeToken: again.challengeToken, code }))).toMatchObject({ message: 'The code is wrong, expired or already used' });
  });

  it('each login with MFA drops the user\'s challenges that expired over a day ago, keeping recent ones', async () => {
    const { userId, email } = await enrolled();
    await logIn.execute({ email, password: 'the right password' });
    await db.central.pool.query(`UPDATE account_tokens SET expires_at = now() - interval '2 days' WHERE user_id = $1 AND purpose = 'mfa_challenge'`, [userId]);
    await logIn.execute({ email, password: 'the right password' });
    await logIn.execute({ email, password: 'the right password' });
    const { rows } = await db.central.pool.query(`SELECT count(*)::int AS n FROM account_tokens WHERE user_id = $1 AND purpose = 'mfa_challenge'`, [userId]);
    expect(rows[0].n).toBe(2);
  });

  it('of two logins with one code at once, exactly one gets a session', async () => {
    const { email, totp, at } = await enrolled();
    const challenges = await Promise.all([1, 2].map(() => logIn.execute({ email, password: 'the right password' })));
    const code = totp.generate({ timestamp: at });
    const outcomes = await Promise.all(challenges.map((challenge) => refusal(completeMfaLogin.execute({ challengeToken: (challenge as { challengeToken: string }).challengeToken, code }))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(1);
  });

  it('a recovery code signs in once; regenerating replaces them all; 5 wrong codes kill a challenge', async () => {
    const { userId, email, totp, codes, at } = await enrolled();
    const first = (await logIn.execute({ email, password: 'the right password' })) as { challengeToken: string };
    await completeMfaLogin.execute({ challengeToken: first.challengeToken, recoveryCode: ` ${codes[3]!.toUpperCase()} ` });
    expect((await getAccount(db.central, userId)).recoveryCodesLeft).toBe(9);
    const second = (await logIn.execute({ email, password: 'the right password' })) as { challengeToken: string };
    expect(await refusal(completeMfaLogin.execute({ challengeToken: second.challengeToken, recoveryCode: codes[3] }))).toMatchObject({ code: ErrorCode.Unauthenticated });
    expect(await refusal(completeMfaLogin.execute({ challengeToken: second.challengeToken }))).toMatchObject({ code: ErrorCode.ValidationFailed });

    const fresh = await regenerate.execute({ userId, code: totp.generate({ timestamp: at }) });
    expect((await getAccount(db.central, userId)).recoveryCodesLeft).toBe(10);
    expect(fresh).not.toContain(codes[4]);
    expect(await refusal(completeMfaLogin.execute({ challengeToken: second.challengeToken, recoveryCode: codes[4] }))).toMatchObject({ code: ErrorCode.Unauthenticated });

    // second has 2 failures; 3 more and it is dead, even for a right code.
    for (let n = 0; n < 3; n++) await refusal(completeMfaLogin.execute({ challengeToken: second.challengeToken, recoveryCode: 'zzzzz-zzzzz' }));
    expect(await refusal(completeMfaLogin.execute({ challengeToken: second.challengeToken, recoveryCode: fresh[0] }))).toMatchObject({ message: 'The MFA challenge was revoked; sign in again' });
  });

  it('disable needs a code or the password, and removes the secret and the codes; then the password alone signs in', async () => {
    const { userId, email, totp, at } = await enrolled();
    expect(await refusal(disable.execute({ userId }))).toMatchObject({ field: 'code' });
    expect(await refusal(disable.execute({ userId, password: 'wrong' }))).toMatchObject({ field: 'password' });
    expect(await refusal(disable.execute({ userId, code: wrongCode(totp, at) }))).toMatchObject({ field: 'code' });
    await disable.execute({ userId, code: totp.generate({ timestamp: at }) });
    const { rows } = await db.central.pool.query('SELECT totp_secret, totp_enabled_at, (SELECT count(*)::int FROM mfa_recovery_codes WHERE user_id = $1) AS codes FROM admin_users WHERE id = $1', [userId]);
    expect(rows[0]).toEqual({ totp_secret: null, totp_enabled_at: null, codes: 0 });
    expect(await logIn.execute({ email, password: 'the right password' })).toMatchObject({ kind: 'session', grant: { mfaEnrolmentRequired: false } });
    expect(await refusal(disable.execute({ userId, password: 'the right password' }))).toMatchObject({ code: ErrorCode.InvalidState });
  });

  it('a tenant requiring MFA: a user without it signs in and is told to enrol', async () => {
    const { userId, tenantId, email } = await seedTenant(db.central, { passwordHash });
    await db.central.pool.query('UPDATE tenants SET mfa_required = true WHERE id = $1', [tenantId]);
    expect(await logIn.execute({ email, password: 'the right password' })).toMatchObject({ kind: 'session', grant: { user: { id: userId }, mfaEnrolmentRequired: true } });
  });
});
