// Account security over HTTP, reading the e-mails the worker really sends (a local SMTP sink):
// invitations, password reset, e-mail verification, TOTP MFA with recovery codes, the tenant's
// "MFA required" setting and change of e-mail. Tokens are single use and expire; codes cannot be replayed.
import { Secret, TOTP } from 'otpauth';
import { Client } from 'pg';
import request from 'supertest';
import { ParsedMessage, SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

async function central<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const tokenIn = (message: ParsedMessage): string => /^token: (\S+)$/m.exec(message.text ?? '')![1]!;
const PASSWORD = 'correct horse battery';

describe('account security', () => {
  let smtp: SmtpSink;
  let app: TestApp;
  let tenant: TenantSession;

  /** The next e-mail to `to` whose subject matches, after the ones already seen. */
  const mailTo = (to: string, subject: RegExp) => smtp.waitFor((message) => message.envelope.rcptTo.includes(to) && subject.test(message.subject ?? ''), 10_000);
  const mailsTo = (to: string, subject: RegExp) => smtp.messages.filter((message) => message.envelope.rcptTo.includes(to) && subject.test(message.subject ?? ''));
  const login = (email: string, password: string) => request(app.url).post('/api/auth/login').send({ email, password });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    // Every call here comes from one IP: budgets wide enough for the file, the rules themselves are auth-hardening's.
    app = await startTestApp({ env: { SMTP_PORT: String(smtp.port), AUTH_THROTTLE_IP_MAX: '1000', AUTH_THROTTLE_ACCOUNT_MAX: '100', AUTH_THROTTLE_REFRESH_IP_MAX: '1000' } });
    tenant = await registerTenant(app);
  });

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('e-mails the new owner a verification token; verifying sets emailVerified, and the token works once', async () => {
    const tenant = await registerTenant(app, { verified: false });
    expect((await tenant.asAdmin.get('/api/account').expect(200)).body).toMatchObject({ object: 'account', email: tenant.email, role: 'owner', emailVerified: false, mfaEnabled: false });
    const mail = await mailTo(tenant.email, /Verify your NovaBilling e-mail/);
    const token = tokenIn(mail);
    expect(mail.text).toContain('/api/auth/verify-email');

    await request(app.url).post('/api/auth/verify-email').send({ token }).expect(204);
    expect((await tenant.asAdmin.get('/api/account').expect(200)).body.emailVerified).toBe(true);
    expect((await tenant.asAdmin.get('/api/tenants/me/users').expect(200)).body.data[0]).toMatchObject({ email: tenant.email, emailVerified: true, mfaEnabled: false });
    const reused = await request(app.url).post('/api/auth/verify-email').send({ token }).expect(400);
    expect(reused.body.fields).toEqual([{ field: 'token', message: 'token was already used' }]);
    // Nothing to resend once verified.
    await tenant.asAdmin.post('/api/account/email-verification').expect(409);
    // Only the hash is stored.
    expect(await central('SELECT 1 FROM account_tokens WHERE token_hash = $1', [token])).toHaveLength(0);
  });

  it('an unverified owner can use test mode only: live mode answers 403 email_unverified (sk_live_ keys always, sessions for writes) until the address is verified', async () => {
    const fresh = await registerTenant(app, { verified: false });
    const inTest = agent(app, fresh.accessToken, { 'Nova-Mode': 'test' });
    // Central settings are not live data: a live key can be made (from a test-mode session), it just does not work yet.
    const liveKey = (await inTest.post('/api/tenants/me/api-keys').send({ name: 'live', mode: 'live' }).expect(201)).body.secret as string;
    const live = agent(app, liveKey);
    const customer = { name: 'Amina', email: 'amina@example.test' };

    const refusals = [
      await live.get('/api/customers'),
      await live.post('/api/customers').send(customer),
      await fresh.asAdmin.post('/api/customers').send(customer),
      await fresh.asAdmin.patch('/api/tenants/me').send({ name: 'Renamed' }),
    ];
    for (const refused of refusals) expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'email_unverified' });
    expect(refusals[0]!.body.message).toContain('/api/auth/verify-email');
    // Live reads for the session, the tenant, the team and the account stay open.
    await fresh.asAdmin.get('/api/customers').expect(200);
    expect((await fresh.asAdmin.get('/api/tenants/me').expect(200)).body.id).toBe(fresh.tenantId);
    await fresh.asAdmin.get('/api/tenants/me/users').expect(200);
    await fresh.asAdmin.get('/api/account/sessions').expect(200);
    // Test mode works in full, with a test key (registerTenant made one) and with the session.
    expect((await fresh.as.post('/api/customers').send(customer).expect(201)).body.livemode).toBe(false);
    expect((await inTest.post('/api/customers').send(customer).expect(201)).body.livemode).toBe(false);

    // Verifying lifts it at once, for the session and for live keys.
    const token = tokenIn(await mailTo(fresh.email, /Verify your NovaBilling e-mail/));
    await request(app.url).post('/api/auth/verify-email').send({ token }).expect(204);
    expect((await live.post('/api/customers').send(customer).expect(201)).body.livemode).toBe(true);
    await fresh.asAdmin.post('/api/customers').send(customer).expect(201);
    expect((await live.get('/api/customers').expect(200)).body.data).toHaveLength(2);
  });

  it('records every account-security change in the tenant\'s audit log after it commits: sign-ins (success and failure), MFA on/off, password reset, e-mail verification and change, session revoke and logout, invitations, role change', async () => {
    const owner = await registerTenant(app, { verified: false });
    type Entry = { action: string; objectType: string; objectId: string; actor: { type: string; id: string; label: string }; origin: { ip: string | null; requestId: string | null }; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
    const log = async (): Promise<Entry[]> => (await owner.asAdmin.get('/api/audit-log').query({ limit: 100 }).expect(200)).body.data;
    const actions = async (objectId: string) => (await log()).filter((entry) => entry.objectId === objectId).map((entry) => entry.action).reverse();
    const ownerId = (await owner.asAdmin.get('/api/account').expect(200)).body.id as string;
    const step = (name: string) => `account-audit-${name}-${Date.now()}`;

    // E-mail verification (public route: the owner is the actor, from the request's origin).
    const verifyId = step('verify');
    await request(app.url).post('/api/auth/verify-email').set('X-Request-Id', verifyId).send({ token: tokenIn(await mailTo(owner.email, /Verify your NovaBilling e-mail/)) }).expect(204);
    // Sign-ins: a wrong password, then the right one.
    await login(owner.email, 'wrong password').expect(401);
    const signInId = step('sign-in');
    await login(owner.email, owner.password).set('X-Request-Id', signInId).expect(200);
    await request(app.url).post('/api/auth/login').send({ email: 'nobody-here@example.test', password: 'wrong password' }).expect(401);
    const entries = await log();
    expect(entries.find((entry) => entry.action === 'admin_user.email_verified')).toMatchObject({ objectId: ownerId, actor: { type: 'user', id: ownerId, label: owner.email }, origin: { requestId: verifyId }, after: { email: owner.email } });
    expect(entries.find((entry) => entry.action === 'admin_user.sign_in_failed')).toMatchObject({ objectId: ownerId, after: { reason: 'wrong_password' } });
    expect(entries.find((entry) => entry.origin.requestId === signInId)).toMatchObject({ action: 'admin_user.signed_in', objectId: ownerId, actor: { type: 'user', id: ownerId }, origin: { ip: expect.any(String) }, after: { method: 'password' } });

    // Invitations: create, accept (the invitee signs in), revoke; then a role change.
    const invitee = `audited-${Date.now()}@example.test`;
    const invitation = (await owner.asAdmin.post('/api/tenants/me/invitations').send({ email: invitee, role: 'member' }).expect(201)).body;
    const accepted = (await request(app.url).post('/api/auth/invitations/accept').send({ token: tokenIn(await mailTo(invitee, /invited/)), name: 'Audited', password: PASSWORD }).expect(201)).body;
    const inviteeId = (await agent(app, accepted.accessToken).get('/api/account').expect(200)).body.id as string;
    const revoked = (await owner.asAdmin.post('/api/tenants/me/invitations').send({ email: `revoked-${invitee}`, role: 'viewer' }).expect(201)).body;
    await owner.asAdmin.delete(`/api/tenants/me/invitations/${revoked.id}`).expect(204);
    await owner.asAdmin.patch(`/api/tenants/me/users/${inviteeId}`).send({ role: 'viewer' }).expect(200);
    expect(await actions(invitation.id)).toEqual(['invitation.created', 'invitation.accepted']);
    expect(await actions(revoked.id)).toEqual(['invitation.created', 'invitation.revoked']);
    expect(await actions(inviteeId)).toEqual(['admin_user.signed_in', 'admin_user.updated']);
    const inviteeEntries = (await log()).filter((entry) => entry.objectId === invitation.id || entry.objectId === inviteeId);
    expect(inviteeEntries.find((entry) => entry.action === 'invitation.accepted')).toMatchObject({ actor: { type: 'user', id: inviteeId, label: invitee }, after: { user_id: inviteeId, role: 'member' } });
    expect(inviteeEntries.find((entry) => entry.action === 'admin_user.updated')).toMatchObject({ actor: { id: ownerId }, before: { role: 'member' }, after: { role: 'viewer' } });

    // MFA on, a wrong and a right code at sign-in, new recovery codes, MFA off.
    const enrolment = (await owner.asAdmin.post('/api/account/mfa/totp').send({ password: owner.password }).expect(201)).body;
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const now = Date.now();
    await owner.asAdmin.post('/api/account/mfa/totp/confirm').send({ code: totp.generate({ timestamp: now - 30_000 }) }).expect(200);
    const challenge = (await login(owner.email, owner.password).expect(200)).body.challengeToken as string;
    const valid = [-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: now + offset }));
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge, code: valid.includes('123456') ? '654321' : '123456' }).expect(401);
    const mfaLogin = await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge, code: totp.generate({ timestamp: now }) }).expect(200);
    await owner.asAdmin.post('/api/account/mfa/recovery-codes').send({ code: totp.generate({ timestamp: now + 30_000 }) }).expect(200);
    await owner.asAdmin.post('/api/account/mfa/totp/disable').send({ password: owner.password }).expect(204);

    // Log out of the MFA login (recorded once: a second logout of the same token changes nothing).
    const loggedOutFamily = (await owner.asAdmin.get('/api/account/sessions').expect(200)).body.data.length as number;
    await request(app.url).post('/api/auth/logout').send({ refreshToken: mfaLogin.body.refreshToken }).expect(204);
    await request(app.url).post('/api/auth/logout').send({ refreshToken: mfaLogin.body.refreshToken }).expect(204);
    expect((await owner.asAdmin.get('/api/account/sessions').expect(200)).body.data).toHaveLength(loggedOutFamily - 1);
    // Session revoke, password reset (which revokes the rest; the access token lives out its short TTL), e-mail change.
    const sessions = (await owner.asAdmin.get('/api/account/sessions').expect(200)).body.data as { id: string }[];
    await owner.asAdmin.delete(`/api/account/sessions/${sessions[0]!.id}`).expect(204);
    await request(app.url).post('/api/auth/password-reset').send({ email: owner.email }).expect(202);
    await request(app.url).post('/api/auth/password-reset/confirm').send({ token: tokenIn(await mailTo(owner.email, /Reset your NovaBilling password/)), newPassword: 'a brand new passphrase' }).expect(204);
    const newEmail = `moved-${Date.now()}@example.test`;
    await owner.asAdmin.post('/api/account/email').send({ newEmail, password: 'a brand new passphrase' }).expect(202);
    await request(app.url).post('/api/auth/email-change/confirm').send({ token: tokenIn(await mailTo(newEmail, /Confirm your new NovaBilling e-mail/)) }).expect(204);

    expect(await actions(ownerId)).toEqual([
      'admin_user.email_verified',
      'admin_user.sign_in_failed',
      'admin_user.signed_in',
      'admin_user.mfa_enabled',
      'admin_user.sign_in_failed',
      'admin_user.signed_in',
      'admin_user.recovery_codes_replaced',
      'admin_user.mfa_disabled',
      'admin_user.password_reset',
      'admin_user.email_changed',
    ]);
    const final = await log();
    expect(final.find((entry) => entry.action === 'admin_user.signed_in' && entry.after?.method === 'totp')).toBeDefined();
    expect(final.find((entry) => entry.action === 'admin_user.sign_in_failed' && entry.after?.reason === 'wrong_code')).toBeDefined();
    expect(final.filter((entry) => entry.action === 'admin_session.deleted' && entry.after?.reason === 'logout')).toEqual([
      expect.objectContaining({ objectType: 'admin_session', actor: expect.objectContaining({ type: 'user', id: ownerId, label: owner.email }), before: { user_id: ownerId } }),
    ]);
    expect(final.find((entry) => entry.action === 'admin_session.deleted' && entry.objectId === sessions[0]!.id)).toMatchObject({ actor: { id: ownerId } });
    expect(final.find((entry) => entry.action === 'admin_user.email_changed')).toMatchObject({ actor: { id: ownerId, label: newEmail }, before: { email: owner.email }, after: { email: newEmail } });
    // Nothing secret: no code, no password, no token.
    expect(JSON.stringify(final)).not.toMatch(/brand new passphrase|correct horse|\$argon2/);
    expect((await log()).filter((entry) => entry.actor.type === 'unknown')).toEqual([]);
  });

  it('invites by e-mail: accept makes a signed-in user with the role; the token is single use; revoked and expired ones are refused', async () => {
    const invitee = `invitee-${Date.now()}@example.test`;
    const created = await tenant.asAdmin.post('/api/tenants/me/invitations').send({ email: invitee, role: 'member' }).expect(201);
    expect(created.body).toMatchObject({ object: 'invitation', email: invitee, role: 'member', status: 'pending' });
    const list = (await tenant.asAdmin.get('/api/tenants/me/invitations').expect(200)).body;
    expect(list).toMatchObject({ object: 'list', hasMore: false });
    expect(list.data.map((invitation: { id: string }) => invitation.id)).toContain(created.body.id);

    const token = tokenIn(await mailTo(invitee, /invited/));
    const accepted = await request(app.url).post('/api/auth/invitations/accept').send({ token, name: 'Bola', password: PASSWORD }).expect(201);
    const member = agent(app, accepted.body.accessToken);
    expect((await member.get('/api/account').expect(200)).body).toMatchObject({ email: invitee, name: 'Bola', role: 'member', emailVerified: true });
    await member.post('/api/customers').send({ name: 'Cy', email: 'cy@example.test', currency: 'USD' }).expect(201);
    await member.post('/api/tenants/me/invitations').send({ email: 'x@example.test', role: 'viewer' }).expect(403);
    expect((await request(app.url).post('/api/auth/invitations/accept').send({ token, name: 'Again', password: PASSWORD }).expect(400)).body.fields[0]).toEqual({ field: 'token', message: 'token was already used' });
    expect((await tenant.asAdmin.get('/api/tenants/me/invitations').expect(200)).body.data.map((invitation: { id: string }) => invitation.id)).not.toContain(created.body.id);
    await tenant.asAdmin.delete(`/api/tenants/me/invitations/${created.body.id}`).expect(409);

    // An address of the tenant's own users is a 409 naming email.
    expect((await tenant.asAdmin.post('/api/tenants/me/invitations').send({ email: invitee, role: 'viewer' }).expect(409)).body.fields[0].field).toBe('email');

    // Revoked: the link dies.
    const revokedTo = `revoked-${Date.now()}@example.test`;
    const revoked = await tenant.asAdmin.post('/api/tenants/me/invitations').send({ email: revokedTo, role: 'viewer' }).expect(201);
    const revokedToken = tokenIn(await mailTo(revokedTo, /invited/));
    await tenant.asAdmin.delete(`/api/tenants/me/invitations/${revoked.body.id}`).expect(204);
    expect((await request(app.url).post('/api/auth/invitations/accept').send({ token: revokedToken, name: 'R', password: PASSWORD }).expect(400)).body.fields[0].message).toBe('token was revoked');

    // Expired: 7 days later.
    const expiredTo = `expired-${Date.now()}@example.test`;
    const expiring = await tenant.asAdmin.post('/api/tenants/me/invitations').send({ email: expiredTo, role: 'viewer' }).expect(201);
    expect(new Date(expiring.body.expiresAt).getTime() - new Date(expiring.body.createdAt).getTime()).toBe(7 * 86_400_000);
    const expiredToken = tokenIn(await mailTo(expiredTo, /invited/));
    await central(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.body.id]);
    expect((await request(app.url).post('/api/auth/invitations/accept').send({ token: expiredToken, name: 'E', password: PASSWORD }).expect(400)).body.fields[0].message).toBe('token has expired');
    expect((await tenant.asAdmin.get('/api/tenants/me/invitations').expect(200)).body.data.find((invitation: { id: string }) => invitation.id === expiring.body.id).status).toBe('expired');

    // Another tenant's invitation id is a 404.
    const other = await registerTenant(app);
    await other.asAdmin.delete(`/api/tenants/me/invitations/${expiring.body.id}`).expect(404);
  });

  it('only an owner invites an owner', async () => {
    const adminTo = `admin-${Date.now()}@example.test`;
    await tenant.asAdmin.post('/api/tenants/me/invitations').send({ email: adminTo, role: 'admin' }).expect(201);
    const accepted = await request(app.url).post('/api/auth/invitations/accept').send({ token: tokenIn(await mailTo(adminTo, /invited/)), name: 'Admin', password: PASSWORD }).expect(201);
    const admin = agent(app, accepted.body.accessToken);
    const refused = await admin.post('/api/tenants/me/invitations').send({ email: `owner2-${Date.now()}@example.test`, role: 'owner' }).expect(403);
    expect(refused.body.message).toBe('Only an owner may invite an owner');
    await admin.post('/api/tenants/me/invitations').send({ email: `viewer-${Date.now()}@example.test`, role: 'viewer' }).expect(201);
    // mfaRequired is the owner's call too.
    await admin.patch('/api/tenants/me').send({ mfaRequired: true }).expect(403);
  });

  it('password reset: the same 202 for unknown addresses; the token resets once, revokes every session and lifts the lockout; 30 minutes later it is refused', async () => {
    const other = await registerTenant(app);
    const unknown = `nobody-${Date.now()}@example.test`;
    await request(app.url).post('/api/auth/password-reset').send({ email: unknown }).expect(202);
    await request(app.url).post('/api/auth/password-reset').send({ email: other.email }).expect(202);
    const token = tokenIn(await mailTo(other.email, /Reset your NovaBilling password/));
    expect(mailsTo(unknown, /./)).toHaveLength(0);

    // Locked out by wrong passwords (the default threshold of 5): the right one is refused …
    for (let attempt = 0; attempt < 5; attempt++) await login(other.email, 'not the password').expect(401);
    await login(other.email, other.password).expect(429);

    const weak = await request(app.url).post('/api/auth/password-reset/confirm').send({ token, newPassword: 'password12' }).expect(400);
    expect(weak.body.fields[0].field).toBe('newPassword');
    await request(app.url).post('/api/auth/password-reset/confirm').send({ token, newPassword: 'a brand new horse' }).expect(204);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    await login(other.email, other.password).expect(401);
    // … and the reset lifts the lock.
    await login(other.email, 'a brand new horse').expect(200);
    expect((await request(app.url).post('/api/auth/password-reset/confirm').send({ token, newPassword: 'yet another horse' }).expect(400)).body.fields[0].message).toBe('token was already used');

    // 30 minutes, then refused.
    await request(app.url).post('/api/auth/password-reset').send({ email: other.email }).expect(202);
    const expiring = tokenIn(await smtp.waitFor((message) => message.envelope.rcptTo.includes(other.email) && /Reset your/.test(message.subject ?? '') && tokenIn(message) !== token, 10_000));
    const [row] = await central<{ ttl: number }>(`SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM account_tokens WHERE purpose = 'password_reset' AND email = $1 ORDER BY created_at DESC LIMIT 1`, [other.email]);
    expect(row!.ttl).toBe(1800);
    await central(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'password_reset' AND email = $1`, [other.email]);
    expect((await request(app.url).post('/api/auth/password-reset/confirm').send({ token: expiring, newPassword: 'yet another horse' }).expect(400)).body.fields[0].message).toBe('token has expired');
  });

  it('TOTP MFA: enrol, log in with a code (no replay of its step) and with a recovery code (single use), disable', async () => {
    const other = await registerTenant(app);
    await other.asAdmin.post('/api/account/mfa/totp').send({ password: 'wrong password' }).expect(400);
    const enrolment = (await other.asAdmin.post('/api/account/mfa/totp').send({ password: other.password }).expect(201)).body;
    expect(enrolment).toMatchObject({ object: 'totp_enrolment', otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/NovaBilling:/) });
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    // Sealed at rest, never the plain secret.
    const [stored] = await central<{ totp_secret: string }>('SELECT totp_secret FROM admin_users WHERE email = $1', [other.email]);
    expect(stored!.totp_secret).toMatch(/^v1:/);
    expect(stored!.totp_secret).not.toContain(enrolment.secret);

    await other.asAdmin.post('/api/account/mfa/totp/confirm').send({ code: '000000' === totp.generate() ? '111111' : '000000' }).expect(400);
    const now = Date.now();
    const confirmed = (await other.asAdmin.post('/api/account/mfa/totp/confirm').send({ code: totp.generate({ timestamp: now }) }).expect(200)).body;
    expect(confirmed.object).toBe('recovery_codes');
    expect(confirmed.codes).toHaveLength(10);
    expect((await other.asAdmin.get('/api/account').expect(200)).body).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
    await other.asAdmin.post('/api/account/mfa/totp').send({ password: other.password }).expect(409);

    // The password alone now gets a challenge, no tokens.
    const challenge = (await login(other.email, other.password).expect(200)).body;
    expect(challenge).toMatchObject({ object: 'mfa_challenge', methods: ['totp', 'recovery_code'] });
    expect(challenge.accessToken).toBeUndefined();
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code: '999999' === totp.generate() ? '888888' : '999999' }).expect(401);
    // The code of the step already used at enrolment is refused (replay) …
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code: totp.generate({ timestamp: now }) }).expect(401);
    // … the next step's is accepted (the window allows one step either side).
    const nextCode = totp.generate({ timestamp: now + 30_000 });
    const signedIn = (await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code: nextCode }).expect(200)).body;
    await agent(app, signedIn.accessToken).get('/api/account').expect(200);
    // The challenge is spent, and the same code on a new challenge is a replay.
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code: nextCode }).expect(401);
    const again = (await login(other.email, other.password).expect(200)).body;
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: again.challengeToken, code: nextCode }).expect(401);

    // A recovery code works once.
    const recoveryCode = confirmed.codes[0] as string;
    const byRecovery = (await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: again.challengeToken, recoveryCode: recoveryCode.toUpperCase() }).expect(200)).body;
    await agent(app, byRecovery.accessToken).get('/api/account').expect(200);
    expect((await other.asAdmin.get('/api/account').expect(200)).body.recoveryCodesLeft).toBe(9);
    const third = (await login(other.email, other.password).expect(200)).body;
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: third.challengeToken, recoveryCode }).expect(401);
    await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: third.challengeToken, code: nextCode, recoveryCode }).expect(400);

    // Disabled with the password: the password alone signs in again.
    await other.asAdmin.post('/api/account/mfa/totp/disable').send({ password: 'wrong password' }).expect(400);
    await other.asAdmin.post('/api/account/mfa/totp/disable').send({ password: other.password }).expect(204);
    expect((await login(other.email, other.password).expect(200)).body).toMatchObject({ accessToken: expect.any(String), mfaEnrolmentRequired: false });
  });

  it('a challenge dies after 5 wrong codes', async () => {
    const other = await registerTenant(app);
    const enrolment = (await other.asAdmin.post('/api/account/mfa/totp').send({ password: other.password }).expect(201)).body;
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const now = Date.now();
    await other.asAdmin.post('/api/account/mfa/totp/confirm').send({ code: totp.generate({ timestamp: now - 30_000 }) }).expect(200);
    const challenge = (await login(other.email, other.password).expect(200)).body;
    const valid = [now, now + 30_000].map((timestamp) => totp.generate({ timestamp }));
    const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((code) => !valid.includes(code)).slice(0, 5);
    for (const code of wrong) await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code }).expect(401);
    const dead = await request(app.url).post('/api/auth/login/mfa').send({ challengeToken: challenge.challengeToken, code: valid[0] }).expect(401);
    expect(dead.body.message).toMatch(/challenge was revoked/);
  });

  it('MFA required by the owner: a user without MFA is told at login, and the session reaches only their own account until they enrol', async () => {
    const other = await registerTenant(app);
    expect((await other.asAdmin.patch('/api/tenants/me').send({ mfaRequired: true }).expect(200)).body.mfaRequired).toBe(true);
    const signedIn = (await login(other.email, other.password).expect(200)).body;
    expect(signedIn).toMatchObject({ accessToken: expect.any(String), mfaEnrolmentRequired: true });
    const restricted = agent(app, signedIn.accessToken);
    const refused = await restricted.get('/api/customers').expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('requires two-factor authentication') });
    await restricted.patch('/api/tenants/me').send({ mfaRequired: false }).expect(403);
    await restricted.get('/api/account').expect(200);

    const enrolment = (await restricted.post('/api/account/mfa/totp').send({ password: other.password }).expect(201)).body;
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    await restricted.post('/api/account/mfa/totp/confirm').send({ code: totp.generate() }).expect(200);
    // The next token (a refresh, or a login with a code) is a full one.
    const refreshed = (await request(app.url).post('/api/auth/refresh').send({ refreshToken: signedIn.refreshToken }).expect(200)).body;
    expect(refreshed.mfaEnrolmentRequired).toBe(false);
    await agent(app, refreshed.accessToken).get('/api/customers').expect(200);
  });

  it('change of e-mail: password required, effective only on confirmation from the new address, the old address told', async () => {
    const other = await registerTenant(app);
    const newEmail = `moved-${Date.now()}@example.test`;
    expect((await other.asAdmin.post('/api/account/email').send({ newEmail, password: 'wrong password' }).expect(400)).body.fields[0].field).toBe('password');
    expect((await other.asAdmin.post('/api/account/email').send({ newEmail: tenant.email, password: other.password }).expect(409)).body.fields[0].field).toBe('newEmail');
    await other.asAdmin.post('/api/account/email').send({ newEmail, password: other.password }).expect(202);
    const token = tokenIn(await mailTo(newEmail, /Confirm your new NovaBilling e-mail/));
    expect((await other.asAdmin.get('/api/account').expect(200)).body.email).toBe(other.email);

    await request(app.url).post('/api/auth/email-change/confirm').send({ token }).expect(204);
    expect((await other.asAdmin.get('/api/account').expect(200)).body).toMatchObject({ email: newEmail, emailVerified: true });
    const notice = await mailTo(other.email, /was changed/);
    expect(notice.text).toContain(newEmail);
    await login(newEmail, other.password).expect(200);
    await login(other.email, other.password).expect(401);
    await request(app.url).post('/api/auth/email-change/confirm').send({ token }).expect(400);
  });
});
