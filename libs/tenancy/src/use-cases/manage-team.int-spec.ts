import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, migratedCentralDb, refreshSessionsOf, seedTenant } from '../../../../test/support/migrated-central-db';
import { changeUserRole, listTeam, removeUser } from './manage-team';
import { startSession } from './start-session';

describe('team management (real central database)', () => {
  let db: MigratedCentralDb;
  beforeAll(async () => {
    db = await migratedCentralDb('manage_team_uc');
  });
  afterAll(() => db.drop());

  const codeOf = (attempt: Promise<unknown>) => attempt.then(() => null, (error: unknown) => (error instanceof DomainError ? error.code : error));

  it('of two owners removing each other at once, exactly one succeeds: the tenant keeps an owner', async () => {
    const { tenantId, userId: first } = await seedTenant(db.central);
    const { rows } = await db.central.pool.query<{ id: string }>(
      `INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES (gen_random_uuid(), $1, $2, 'Second', 'x', 'owner') RETURNING id`,
      [tenantId, `second-${tenantId}@example.test`],
    );
    const second = rows[0]!.id;
    const outcomes = await Promise.all([
      codeOf(removeUser(db.central, { tenantId, actorRole: 'owner', userId: first })),
      codeOf(removeUser(db.central, { tenantId, actorRole: 'owner', userId: second })),
    ]);
    expect(outcomes.sort()).toEqual([ErrorCode.Conflict, null].sort());
    expect((await listTeam(db.central, { tenantId, limit: 100 })).data.map((user) => user.role)).toEqual(['owner']);
  });

  it('a role change is written; a removed user loses their sessions; another tenant\'s user is not found', async () => {
    const { tenantId } = await seedTenant(db.central);
    const other = await seedTenant(db.central);
    const { rows } = await db.central.pool.query<{ id: string }>(
      // A second later than the owner: the newest of the team, whatever the clock's resolution.
      `INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role, created_at) VALUES (gen_random_uuid(), $1, $2, 'Member', 'x', 'member', now() + interval '1 second') RETURNING id`,
      [tenantId, `member-${tenantId}@example.test`],
    );
    const memberId = rows[0]!.id;
    // Paged like every list, newest first; another tenant's user is no position in it.
    const newest = await listTeam(db.central, { tenantId, limit: 1 });
    expect(newest).toMatchObject({ data: [{ id: memberId }], hasMore: true });
    expect(await listTeam(db.central, { tenantId, limit: 1, startingAfter: memberId })).toMatchObject({ data: [{ role: 'owner' }], hasMore: false, nextCursor: null });
    expect(await listTeam(db.central, { tenantId, limit: 1, cursor: newest.nextCursor! })).toMatchObject({ data: [{ role: 'owner' }], hasMore: false });
    expect(await codeOf(listTeam(db.central, { tenantId, limit: 1, endingBefore: other.userId }))).toBe(ErrorCode.ValidationFailed);
    expect((await changeUserRole(db.central, { tenantId, actorRole: 'admin', userId: memberId, role: 'viewer' })).role).toBe('viewer');
    expect(await codeOf(changeUserRole(db.central, { tenantId: other.tenantId, actorRole: 'owner', userId: memberId, role: 'admin' }))).toBe(ErrorCode.NotFound);
    await startSession(db.central, { user: { id: memberId, tenantId, role: 'viewer' }, refreshTokenTtlDays: 30 });
    await removeUser(db.central, { tenantId, actorRole: 'admin', userId: memberId });
    expect(await refreshSessionsOf(db.central, memberId)).toEqual([]);
    expect((await listTeam(db.central, { tenantId, limit: 100 })).data.map((user) => user.id)).not.toContain(memberId);
  });
});
