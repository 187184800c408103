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
    const sessions = (await listSessions(db.central, { userId: user.id, limit: 100 })).data;
    expect(sessions).toHaveLength(2);
    expect(grant.refreshToken).toBeTruthy();

    // Paged like every list: by cursor and starting_after forwards, ending_before back.
    const first = await listSessions(db.central, { userId: user.id, limit: 1 });
    expect(first).toMatchObject({ data: [{ id: sessions[0]!.id }], hasMore: true });
    expect(await listSessions(db.central, { userId: user.id, limit: 1, cursor: first.nextCursor! })).toMatchObject({ data: [{ id: sessions[1]!.id }], hasMore: false, nextCursor: null });
    expect(await listSessions(db.central, { userId: user.id, limit: 1, startingAfter: sessions[0]!.id })).toMatchObject({ data: [{ id: sessions[1]!.id }], hasMore: false });
    expect(await listSessions(db.central, { userId: user.id, limit: 5, endingBefore: sessions[1]!.id })).toMatchObject({ data: [{ id: sessions[0]!.id }], hasMore: false });

    const other = await signedInOwner(db.central);
    // Another user's login is no position in this user's list.
    const foreign = (await listSessions(db.central, { userId: other.user.id, limit: 1 })).data[0]!.id;
    await expect(listSessions(db.central, { userId: user.id, limit: 1, startingAfter: foreign })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'starting_after' }] } });
    const notFound = await revokeSession(db.central, { userId: other.user.id, sessionId: sessions[0]!.id }).catch((error: DomainError) => error.code);
    expect(notFound).toBe(ErrorCode.NotFound);
    await revokeSession(db.central, { userId: user.id, sessionId: sessions[0]!.id });
    expect((await listSessions(db.central, { userId: user.id, limit: 100 })).data.map((session) => session.id)).toEqual([sessions[1]!.id]);
  });
});
