import { MigratedCentralDb, migratedCentralDb, refreshSessionsOf, signedInOwner } from '../../../../test/support/migrated-central-db';
import { logOut } from './log-out';
import { hashRefreshToken, startSession } from './start-session';

describe('logOut (real central database)', () => {
  let db: MigratedCentralDb;
  beforeAll(async () => {
    db = await migratedCentralDb('log_out_uc');
  });
  afterAll(() => db.drop());

  it("revokes every session of the token's login, and only that login", async () => {
    const { user, grant } = await signedInOwner(db.central);
    // The same admin signed in elsewhere: another family, untouched.
    const elsewhere = await startSession(db.central, { user, refreshTokenTtlDays: 30 });
    await logOut(db.central, { refreshToken: grant.refreshToken });
    const revoked = async (token: string) =>
      (await db.central.pool.query('SELECT revoked_at IS NOT NULL AS revoked FROM refresh_sessions WHERE token_hash = $1', [hashRefreshToken(token)])).rows[0].revoked;
    expect(await revoked(grant.refreshToken)).toBe(true);
    expect(await revoked(elsewhere.refreshToken)).toBe(false);
    expect(await refreshSessionsOf(db.central, user.id)).toHaveLength(2);
  });

  it('ignores a token it never issued (idempotent)', async () => {
    await expect(logOut(db.central, { refreshToken: 'never-issued-token-0123456789' })).resolves.toBeUndefined();
  });
});
