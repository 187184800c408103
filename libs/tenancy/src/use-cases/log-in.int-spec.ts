import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { findAdminContact } from './find-admin-contact';
import { LogIn, LoginAttempts } from './log-in';

describe('LogIn (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let logIn: LogIn;
  let passwordHash: string;
  const events: string[] = [];
  // Records what the application's throttle would be told.
  const attempts: LoginAttempts = {
    admit: async (email) => void events.push(`admit ${email}`),
    failed: async (email, userId) => void events.push(`failed ${email} ${userId ?? 'unknown'}`),
    succeeded: async (email) => void events.push(`succeeded ${email}`),
  };

  beforeAll(async () => {
    db = await migratedCentralDb('log_in_uc');
    services = tenancyServices(db);
    logIn = new LogIn(db.central, services.directory, services.passwords, db.config.auth, attempts);
    passwordHash = await services.passwords.hash('the right password');
  });
  beforeEach(() => events.splice(0));
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('signs in with the right password: a session row, last login recorded, the throttle told of the success', async () => {
    const { userId, tenantId, email } = await seedTenant(db.central, { passwordHash });
    const result = await logIn.execute({ email, password: 'the right password', meta: { ip: '192.0.2.5' } });
    expect(result).toMatchObject({ kind: 'session', grant: { user: { id: userId, tenantId, role: 'owner' }, mfaEnrolmentRequired: false } });
    const { rows } = await db.central.pool.query('SELECT last_login_at, (SELECT count(*)::int FROM refresh_sessions WHERE user_id = $1) AS sessions FROM admin_users WHERE id = $1', [userId]);
    expect(rows[0]).toEqual({ last_login_at: expect.any(Date), sessions: 1 });
    expect(events).toEqual([`admit ${email}`, `succeeded ${email}`]);
  });

  it('refuses a wrong password and an unknown e-mail alike, telling the throttle which account (if any) it was', async () => {
    const { userId, email } = await seedTenant(db.central, { passwordHash });
    await expect(logIn.execute({ email, password: 'wrong' })).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: 'Wrong e-mail or password' });
    await expect(logIn.execute({ email: 'nobody@example.test', password: 'wrong' })).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: 'Wrong e-mail or password' });
    expect(events).toEqual([`admit ${email}`, `failed ${email} ${userId}`, 'admit nobody@example.test', 'failed nobody@example.test unknown']);
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM refresh_sessions WHERE user_id = $1', [userId])).rows[0].n).toBe(0);
  });

  it('refuses a suspended tenant\'s admin after the password check, with no session', async () => {
    const { userId, email } = await seedTenant(db.central, { passwordHash, status: 'suspended' });
    await expect(logIn.execute({ email, password: 'the right password' })).rejects.toMatchObject({ code: ErrorCode.TenantSuspended });
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM refresh_sessions WHERE user_id = $1', [userId])).rows[0].n).toBe(0);
  });

  it('finds where to send a locked-out admin their notice (null once the account is gone)', async () => {
    const { userId, email, slug } = await seedTenant(db.central);
    expect(await findAdminContact(db.central, userId)).toEqual({ email, name: 'Owner', tenantName: `Tenant ${slug}` });
    await db.central.pool.query('DELETE FROM admin_users WHERE id = $1', [userId]);
    expect(await findAdminContact(db.central, userId)).toBeNull();
  });
});
