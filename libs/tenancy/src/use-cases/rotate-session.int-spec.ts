import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, refreshSessionsOf, signedInOwner, tenancyServices } from '../../../../test/support/migrated-central-db';
import { ReactivateTenant, SuspendTenant } from './change-tenant-status';
import { RotateSession } from './rotate-session';

describe('RotateSession (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let rotateSession: RotateSession;
  const unauthenticated = { code: ErrorCode.Unauthenticated };

  beforeAll(async () => {
    db = await migratedCentralDb('rotate_session_uc');
    services = tenancyServices(db);
    rotateSession = new RotateSession(db.central, services.directory, db.config.auth);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('rotates: the new token works, the spent one is refused, and presenting it again revokes the whole family', async () => {
    const { user, grant } = await signedInOwner(db.central);
    const next = await rotateSession.execute({ refreshToken: grant.refreshToken });
    expect(next.user).toEqual(user);
    expect(next.refreshToken).not.toBe(grant.refreshToken);
    expect(await refreshSessionsOf(db.central, user.id)).toEqual(
      expect.arrayContaining([
        { rotated_at: expect.any(Date), revoked_at: null },
        { rotated_at: null, revoked_at: null },
      ]),
    );

    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/already used/) });
    // The leak is contained: the token the honest rotation issued is dead too.
    await expect(rotateSession.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/signed out/) });
    expect((await refreshSessionsOf(db.central, user.id)).every((session) => session.revoked_at !== null)).toBe(true);
  });

  it('lets exactly one of concurrent uses of a token win', async () => {
    const { grant } = await signedInOwner(db.central);
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => rotateSession.execute({ refreshToken: grant.refreshToken })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses an unknown or expired token', async () => {
    await expect(rotateSession.execute({ refreshToken: 'never-issued-token-0123456789' })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/invalid/) });
    const { user, grant } = await signedInOwner(db.central);
    await db.central.pool.query(`UPDATE refresh_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/expired/) });
  });

  it("refuses a suspended tenant's token without spending it: it works again once the tenant is reactivated", async () => {
    const { slug, user, grant } = await signedInOwner(db.central);
    await new SuspendTenant(db.central, services.directory).execute({ slug });
    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).rejects.toMatchObject({ code: ErrorCode.TenantSuspended });
    expect(await refreshSessionsOf(db.central, user.id)).toEqual([{ rotated_at: null, revoked_at: null }]);
    await new ReactivateTenant(db.central, services.directory).execute({ slug });
    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).resolves.toMatchObject({ user });
  });
});
