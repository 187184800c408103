import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { SuspendTenant } from './change-tenant-status';
import { logOut } from './log-out';
import { RotateSession } from './rotate-session';
import { startSession } from './start-session';

describe('startSession, RotateSession and logOut (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let rotateSession: RotateSession;

  beforeAll(async () => {
    db = await migratedCentralDb('sessions_uc');
    services = tenancyServices(db);
    rotateSession = new RotateSession(db.central, services.directory, db.config.auth);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  const signIn = async () => {
    const seeded = await seedTenant(db.central);
    const user = { id: seeded.userId, tenantId: seeded.tenantId, role: 'owner' as const };
    return { seeded, user, grant: await startSession(db.central, { user, meta: { ip: '192.0.2.1' }, refreshTokenTtlDays: 30 }) };
  };
  const familyOf = async (userId: string) =>
    (await db.central.pool.query('SELECT rotated_at, revoked_at FROM refresh_sessions WHERE user_id = $1 ORDER BY created_at', [userId])).rows;
  const unauthenticated = { code: ErrorCode.Unauthenticated };

  it('rotates: the new token works, the spent one is refused, and presenting it again revokes the whole family', async () => {
    const { user, grant } = await signIn();
    const next = await rotateSession.execute({ refreshToken: grant.refreshToken });
    expect(next.user).toEqual(user);
    expect(next.refreshToken).not.toBe(grant.refreshToken);

    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/already used/) });
    // The leak is contained: the token issued by the honest rotation is dead too.
    await expect(rotateSession.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/signed out/) });
    expect((await familyOf(user.id)).every((session) => session.revoked_at !== null)).toBe(true);
  });

  it('lets exactly one of two concurrent uses of a token win', async () => {
    const { grant } = await signIn();
    const outcomes = await Promise.allSettled([1, 2].map(() => rotateSession.execute({ refreshToken: grant.refreshToken })));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('logs out the whole login; unknown tokens are ignored', async () => {
    const { user, grant } = await signIn();
    const next = await rotateSession.execute({ refreshToken: grant.refreshToken });
    await logOut(db.central, { refreshToken: next.refreshToken });
    expect((await familyOf(user.id)).every((session) => session.revoked_at !== null)).toBe(true);
    await expect(rotateSession.execute({ refreshToken: next.refreshToken })).rejects.toMatchObject(unauthenticated);
    await expect(logOut(db.central, { refreshToken: 'never-issued-token-0123456789' })).resolves.toBeUndefined();
  });

  it('refuses an expired token, and a suspended tenant\'s without spending it', async () => {
    const { user, grant } = await signIn();
    await db.central.pool.query(`UPDATE refresh_sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    await expect(rotateSession.execute({ refreshToken: grant.refreshToken })).rejects.toMatchObject({ ...unauthenticated, message: expect.stringMatching(/expired/) });

    const other = await signIn();
    await new SuspendTenant(db.central, services.directory).execute({ slug: other.seeded.slug });
    await expect(rotateSession.execute({ refreshToken: other.grant.refreshToken })).rejects.toMatchObject({ code: ErrorCode.TenantSuspended });
    expect((await familyOf(other.user.id))[0]).toEqual({ rotated_at: null, revoked_at: null });
  });
});
