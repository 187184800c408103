import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, tenancyServices } from '../../../../test/support/migrated-central-db';
import { RegisterTenant, RegisterTenantCommand } from './register-tenant';

describe('RegisterTenant (real central database, real tenant database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let registerTenant: RegisterTenant;
  let counter = 0;

  beforeAll(async () => {
    db = await migratedCentralDb('register_uc');
    services = tenancyServices(db);
    registerTenant = new RegisterTenant(db.central, services.provisioning, services.passwords, db.config.auth, services.accountMail);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  const command = (overrides: Partial<RegisterTenantCommand> & { email?: string } = {}): RegisterTenantCommand => {
    const n = ++counter;
    const { email, ...rest } = overrides;
    return {
      companyName: `Company ${n}`,
      slug: `company-${n}-${process.pid}`,
      defaultCurrency: 'KES',
      owner: { email: email ?? `owner-${n}@example.test`, name: 'Ada', password: 'correct horse battery staple' },
      meta: { ip: '192.0.2.10', userAgent: 'jest' },
      ...rest,
    };
  };

  const refusal = (attempt: Promise<unknown>) =>
    attempt.then(
      () => null,
      (error: unknown) => (error instanceof DomainError ? { code: error.code, fields: error.details?.fields } : error),
    );

  it('creates an active tenant with a migrated database, its owner (password hashed) and a signed-in session', async () => {
    const input = command();
    const { tenant, owner, session } = await registerTenant.execute(input);
    expect(tenant).toMatchObject({ slug: input.slug, name: input.companyName, status: 'active', defaultCurrency: 'KES', dbServer: 'main' });
    expect(tenant.activatedAt).toBeInstanceOf(Date);
    expect(await services.databases.exists(tenant.dbServer, tenant.dbName)).toBe(true);
    expect(owner).toMatchObject({ tenantId: tenant.id, email: input.owner.email, role: 'owner' });
    expect(owner.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await services.passwords.verify(owner.passwordHash, input.owner.password)).toBe(true);
    expect(session.user).toEqual({ id: owner.id, tenantId: tenant.id, role: 'owner' });
    const { rows } = await db.central.pool.query('SELECT user_id, ip, user_agent, token_hash FROM refresh_sessions WHERE user_id = $1', [owner.id]);
    expect(rows).toEqual([expect.objectContaining({ user_id: owner.id, ip: '192.0.2.10', user_agent: 'jest' })]);
    expect(rows[0].token_hash).not.toBe(session.refreshToken);
    // The owner's address is not verified yet; its verification e-mail is queued for the worker.
    expect(owner.emailVerifiedAt).toBeNull();
    expect(await services.queuedAccountMail()).toContainEqual({ kind: 'email_verification', userId: owner.id, correlationId: expect.any(String) });
  });

  it('refuses a taken e-mail or slug with a 409 naming the field, and leaves nothing behind', async () => {
    const first = command();
    await registerTenant.execute(first);
    const tenantsBefore = (await db.central.pool.query('SELECT count(*)::int AS n FROM tenants')).rows[0].n;

    expect(await refusal(registerTenant.execute(command({ email: first.owner.email })))).toEqual({ code: ErrorCode.Conflict, fields: [expect.objectContaining({ field: 'email' })] });
    expect(await refusal(registerTenant.execute(command({ slug: first.slug })))).toEqual({ code: ErrorCode.Conflict, fields: [expect.objectContaining({ field: 'slug' })] });
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM tenants')).rows[0].n).toBe(tenantsBefore);
  });

  it('refuses a password the policy rejects before anything is written', async () => {
    const input = command();
    expect(await refusal(registerTenant.execute({ ...input, owner: { ...input.owner, password: 'short' } }))).toEqual({ code: ErrorCode.ValidationFailed, fields: [expect.objectContaining({ field: 'password' })] });
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM tenants WHERE slug = $1', [input.slug])).rows[0].n).toBe(0);
  });

  it('lets the unique index decide concurrent signups with one e-mail: one tenant, the others 409 on email', async () => {
    const email = `race-${Date.now()}@example.test`;
    const outcomes = await Promise.all([1, 2, 3].map(() => refusal(registerTenant.execute(command({ email })))));
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== null)).toEqual(Array(2).fill({ code: ErrorCode.Conflict, fields: [expect.objectContaining({ field: 'email' })] }));
    expect((await db.central.pool.query('SELECT count(*)::int AS n FROM admin_users WHERE email = $1', [email])).rows[0].n).toBe(1);
  });
});
