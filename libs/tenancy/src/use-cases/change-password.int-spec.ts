import { DomainError } from '@nova/domain';
import { MigratedCentralDb, migratedCentralDb, refreshSessionsOf, signedInOwner } from '../../../../test/support/migrated-central-db';
import { PasswordHasher } from '../password-hasher';
import { ChangePassword } from './change-password';
import { startSession } from './start-session';

describe('ChangePassword (real central database)', () => {
  let db: MigratedCentralDb;
  const hasher = new PasswordHasher();
  beforeAll(async () => {
    db = await migratedCentralDb('change_password_uc');
  });
  afterAll(() => db.drop());

  it('needs the current password; then the hash changes and every session of the user is revoked', async () => {
    const { user } = await signedInOwner(db.central);
    await db.central.pool.query('UPDATE admin_users SET password_hash = $2 WHERE id = $1', [user.id, await hasher.hash('the old password')]);
    await startSession(db.central, { user, refreshTokenTtlDays: 30 });
    const change = new ChangePassword(db.central, hasher);

    const wrong = await change.execute({ userId: user.id, currentPassword: 'not it', newPassword: 'a brand new password' }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(DomainError);
    expect((wrong as DomainError).details?.fields).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    expect((await refreshSessionsOf(db.central, user.id)).every((session) => session.revoked_at === null)).toBe(true);

    await change.execute({ userId: user.id, currentPassword: 'the old password', newPassword: 'a brand new password' });
    const { rows } = await db.central.pool.query('SELECT password_hash FROM admin_users WHERE id = $1', [user.id]);
    expect(await hasher.verify(rows[0].password_hash, 'a brand new password')).toBe(true);
    const sessions = await refreshSessionsOf(db.central, user.id);
    expect(sessions).toHaveLength(2);
    expect(sessions.every((session) => session.revoked_at !== null)).toBe(true);
  });
});
