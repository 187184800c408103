import { DomainError, ErrorCode } from '@nova/domain';
import { AccountMailHarness, accountMailHarness } from '../../../../test/support/account-mail';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { hashSecretToken } from '../secret-tokens';
import { AcceptInvitation, InviteUser, listInvitations, revokeInvitation } from './invitations';

describe('invitations (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let mail: AccountMailHarness;
  let invite: InviteUser;
  let accept: AcceptInvitation;

  beforeAll(async () => {
    db = await migratedCentralDb('invitations_uc');
    services = tenancyServices(db);
    mail = await accountMailHarness(db);
    invite = new InviteUser(db.central, services.accountMail);
    accept = new AcceptInvitation(db.central, services.directory, services.passwords, db.config.auth);
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

  it('queues the invitation e-mail (no token in the job); the worker mints the token, which makes a signed-in, verified user with the role, once', async () => {
    const { tenantId, userId: ownerId, slug } = await seedTenant(db.central);
    const invitation = await invite.execute({ tenantId, actorId: ownerId, actorRole: 'owner', email: ' Bola@Example.TEST ', role: 'member' });
    expect(invitation).toMatchObject({ email: 'bola@example.test', role: 'member', status: 'pending', invitedById: ownerId });
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBe(7 * 86_400_000);
    const queued = (await services.queuedAccountMail()).filter((job) => job.kind === 'invitation' && job.invitationId === invitation.id);
    expect(queued).toEqual([{ kind: 'invitation', invitationId: invitation.id, correlationId: expect.any(String) }]);

    const { message, token } = await mail.deliver({ kind: 'invitation', invitationId: invitation.id });
    expect(message.envelope.rcptTo).toEqual(['bola@example.test']);
    expect(message.subject).toBe(`You are invited to Tenant ${slug} on NovaBilling`);
    expect(message.text).toContain('Owner invited you');
    const { rows } = await db.central.pool.query('SELECT token_hash FROM account_tokens WHERE id = $1', [invitation.id]);
    expect(rows[0].token_hash).toBe(hashSecretToken(token));

    const grant = await accept.execute({ token, name: 'Bola', password: 'correct horse battery' });
    const { rows: users } = await db.central.pool.query('SELECT tenant_id, name, role, email_verified_at FROM admin_users WHERE id = $1', [grant.user.id]);
    expect(users[0]).toEqual({ tenant_id: tenantId, name: 'Bola', role: 'member', email_verified_at: expect.any(Date) });
    expect(grant.refreshToken).toEqual(expect.any(String));
    expect(await refusal(accept.execute({ token, name: 'Again', password: 'correct horse battery' }))).toMatchObject({ code: ErrorCode.ValidationFailed, field: 'token', message: 'token: token was already used' });
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data).toEqual([]);
    expect(await refusal(revokeInvitation(db.central, { tenantId, invitationId: invitation.id }))).toMatchObject({ code: ErrorCode.InvalidState });
  });

  it('refuses addresses with an account (here: 409 for the tenant\'s own; elsewhere too), owner invitations by an admin, and invitations by a member', async () => {
    const { tenantId, userId, email } = await seedTenant(db.central);
    const other = await seedTenant(db.central);
    expect(await refusal(invite.execute({ tenantId, actorId: userId, actorRole: 'owner', email, role: 'admin' }))).toMatchObject({ code: ErrorCode.Conflict, field: 'email', message: 'This e-mail already belongs to a user of the tenant' });
    expect(await refusal(invite.execute({ tenantId, actorId: userId, actorRole: 'owner', email: other.email, role: 'admin' }))).toMatchObject({ code: ErrorCode.Conflict, field: 'email' });
    expect(await refusal(invite.execute({ tenantId, actorId: userId, actorRole: 'admin', email: 'x@example.test', role: 'owner' }))).toMatchObject({ code: ErrorCode.Forbidden });
    expect(await refusal(invite.execute({ tenantId, actorId: userId, actorRole: 'member', email: 'x@example.test', role: 'viewer' }))).toMatchObject({ code: ErrorCode.Forbidden });
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data).toEqual([]);
  });

  it('a new invitation to the same address replaces the pending one; a revoked or expired link is refused; another tenant\'s id is a 404', async () => {
    const { tenantId, userId } = await seedTenant(db.central);
    const first = await invite.execute({ tenantId, actorId: userId, actorRole: 'owner', email: 'cy@example.test', role: 'viewer' });
    const { token: firstToken } = await mail.deliver({ kind: 'invitation', invitationId: first.id });
    const second = await invite.execute({ tenantId, actorId: userId, actorRole: 'owner', email: 'cy@example.test', role: 'admin' });
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data.map((invitation) => invitation.id)).toEqual([second.id]);
    expect(await refusal(accept.execute({ token: firstToken, name: 'Cy', password: 'correct horse battery' }))).toMatchObject({ field: 'token', message: 'token: token was revoked' });
    // The first one's job, run late, sends nothing.
    expect(await mail.run({ kind: 'invitation', invitationId: first.id })).toEqual({ sent: false, reason: 'the invitation was accepted, revoked or has expired' });

    const { token } = await mail.deliver({ kind: 'invitation', invitationId: second.id });
    expect(await refusal(revokeInvitation(db.central, { tenantId: (await seedTenant(db.central)).tenantId, invitationId: second.id }))).toMatchObject({ code: ErrorCode.NotFound });
    await db.central.pool.query(`UPDATE account_tokens SET expires_at = now() - interval '1 millisecond' WHERE id = $1`, [second.id]);
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data[0]!.status).toBe('expired');
    expect(await refusal(accept.execute({ token, name: 'Cy', password: 'correct horse battery' }))).toMatchObject({ field: 'token', message: 'token: token has expired' });
    await revokeInvitation(db.central, { tenantId, invitationId: second.id });
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data).toEqual([]);
  });

  it("holds the plan's teamSeats: a full team cannot invite, and a seat taken since the invitation refuses its acceptance", async () => {
    const { tenantId, userId: ownerId } = await seedTenant(db.central);
    // Two seats: the owner's and one more.
    await db.central.pool.query(`UPDATE tenants SET plan = 'free' WHERE id = $1`, [tenantId]);
    await db.central.pool.query(`INSERT INTO tenant_limit_overrides (tenant_id, limit_name, max, updated_at) VALUES ($1, 'teamSeats', 2, now())`, [tenantId]);
    const first = await invite.execute({ tenantId, actorId: ownerId, actorRole: 'owner', email: 'first@seats.test', role: 'member' });
    const second = await invite.execute({ tenantId, actorId: ownerId, actorRole: 'owner', email: 'second@seats.test', role: 'member' });
    const { token: firstToken } = await mail.deliver({ kind: 'invitation', invitationId: first.id });
    const { token: secondToken } = await mail.deliver({ kind: 'invitation', invitationId: second.id });
    await accept.execute({ token: firstToken, name: 'First', password: 'correct horse battery' });
    expect(await refusal(accept.execute({ token: secondToken, name: 'Second', password: 'correct horse battery' }))).toMatchObject({ code: ErrorCode.PlanLimitReached });
    expect(await refusal(invite.execute({ tenantId, actorId: ownerId, actorRole: 'owner', email: 'third@seats.test', role: 'member' }))).toMatchObject({ code: ErrorCode.PlanLimitReached });
    // The refused acceptance used nothing up: the link works once a seat is free.
    expect((await listInvitations(db.central, { tenantId, limit: 100 })).data.map((invitation) => invitation.email)).toEqual(['second@seats.test']);
  });

  it('of two accepts of one token at once, exactly one makes a user', async () => {
    const { tenantId, userId } = await seedTenant(db.central);
    const invitation = await invite.execute({ tenantId, actorId: userId, actorRole: 'owner', email: 'race@example.test', role: 'member' });
    const { token } = await mail.deliver({ kind: 'invitation', invitationId: invitation.id });
    const outcomes = await Promise.all([1, 2].map((n) => refusal(accept.execute({ token, name: `Racer ${n}`, password: 'correct horse battery' }))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(1);
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM admin_users WHERE email = $1', ['race@example.test'])).rows[0].n).toBe(1);
  });
});
