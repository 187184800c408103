import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, migratedCentralDb, signedInOwner } from '../../../../test/support/migrated-central-db';
import { listSessions, revokeSession } from './manage-sessions';
import { startSession } from './start-session';

describe('listSessions / revokeSession (real central database)', () => {
  let db: MigratedCentralDb;
  beforeAll(async () => {
    db = await migratedCentralDb('manage_sessions_uc');
  });
  afterAll(() => db.drop());

  it('one entry per live login (a rotation keeps it), gone once revoked; another user\'s login is not found', async () => {
    const { user, grant } = await signedInOwner(db.central);
    await startSession(db.central, { user, refreshTokenTtlDays: 30 });
    // A rotation of the first login: still one login, its newest token is the live one.
    await db.central.pool.query(`UPDATE refresh_sessions SET rotated_at = now() WHERE token_hash = (SELECT token_hash FROM refresh_sessions WHERE user_id = $1 ORDER BY created_at LIMIT 1)`, [user.id]);
    await db.central.pool.query(
      `INSERT INTO refresh_sessions (id, user_id, family_id, token_hash, expires_at) SELECT gen_random_uuid(), user_id, family_id, 'rotated-' || id, now() + interval '1 day' FROM refresh_sessions WHERE user_id = $1 AND rotated_at IS NOT NULL`,
      [user.id],
    );
    const sessions = await listSessions(db.central, user.id);
    expect(sessions).toHaveLength(2);
    expect(grant.refreshToken).toBeTruthy();

    const other = await signedInOwner(db.central);
    const notFound = await revokeSession(db.central, { userId: other.user.id, sessionId: sessions[0]!.id }).catch((error: DomainError) => error.code);
    expect(notFound).toBe(ErrorCode.NotFound);
    await revokeSession(db.central, { userId: user.id, sessionId: sessions[0]!.id });
    expect((await listSessions(db.central, user.id)).map((session) => session.id)).toEqual([sessions[1]!.id]);
  });
});
