import { createHash } from 'node:crypto';
import { MigratedCentralDb, migratedCentralDb, seedTenant } from '../../../../test/support/migrated-central-db';
import { startSession } from './start-session';

describe('startSession (real central database)', () => {
  let db: MigratedCentralDb;
  beforeAll(async () => {
    db = await migratedCentralDb('start_session_uc');
  });
  afterAll(() => db.drop());

  it('stores the refresh token as its SHA-256, with its expiry, the client, and a new family per login', async () => {
    const { userId, tenantId } = await seedTenant(db.central);
    const user = { id: userId, tenantId, role: 'owner' as const };
    const before = Date.now();
    const first = await startSession(db.central, { user, meta: { ip: '192.0.2.7', userAgent: 'x'.repeat(300) }, refreshTokenTtlDays: 30 });
    const second = await startSession(db.central, { user, refreshTokenTtlDays: 30 });
    expect(first.user).toEqual(user);

    const row = async (token: string) =>
      (await db.central.pool.query('SELECT family_id, expires_at, ip, user_agent FROM refresh_sessions WHERE token_hash = $1', [createHash('sha256').update(token).digest('hex')])).rows[0];
    const rows = [await row(first.refreshToken), await row(second.refreshToken)];
    expect(rows[0].family_id).not.toBe(rows[1].family_id);
    expect(rows[0]).toMatchObject({ ip: '192.0.2.7', user_agent: 'x'.repeat(255) });
    expect(rows[0].expires_at.getTime()).toBeGreaterThanOrEqual(before + 30 * 86_400_000 - 1_000);
  });

  it('continues a family when given one (a rotation)', async () => {
    const { userId, tenantId } = await seedTenant(db.central);
    const familyId = '11111111-1111-4111-8111-111111111111';
    await startSession(db.central, { user: { id: userId, tenantId, role: 'owner' }, familyId, refreshTokenTtlDays: 1 });
    expect((await db.central.pool.query('SELECT family_id FROM refresh_sessions WHERE user_id = $1', [userId])).rows).toEqual([{ family_id: familyId }]);
  });
});
