import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { ReactivateTenant, SuspendTenant } from './change-tenant-status';

describe('SuspendTenant and ReactivateTenant (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let suspendTenant: SuspendTenant;
  let reactivateTenant: ReactivateTenant;

  beforeAll(async () => {
    db = await migratedCentralDb('tenant_status_uc');
    services = tenancyServices(db);
    suspendTenant = new SuspendTenant(db.central, services.directory);
    reactivateTenant = new ReactivateTenant(db.central, services.directory);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  const row = async (id: string) => (await db.central.pool.query('SELECT status, suspended_at FROM tenants WHERE id = $1', [id])).rows[0];

  it('suspends and reactivates by slug, and the directory stops serving its cached status at once', async () => {
    const { tenantId, slug } = await seedTenant(db.central);
    expect((await services.directory.find(tenantId))?.status).toBe('active');

    const suspended = await suspendTenant.execute({ slug });
    expect(suspended).toMatchObject({ id: tenantId, status: 'suspended' });
    expect(await row(tenantId)).toEqual({ status: 'suspended', suspended_at: expect.any(Date) });
    expect((await services.directory.find(tenantId))?.status).toBe('suspended');

    const active = await reactivateTenant.execute({ slug });
    expect(active).toMatchObject({ id: tenantId, status: 'active', suspendedAt: null });
    expect(await row(tenantId)).toEqual({ status: 'active', suspended_at: null });
    expect((await services.directory.find(tenantId))?.status).toBe('active');
  });

  it('touches no other tenant, and an unknown slug is not found', async () => {
    const target = await seedTenant(db.central);
    const bystander = await seedTenant(db.central);
    await suspendTenant.execute({ slug: target.slug });
    expect((await row(bystander.tenantId)).status).toBe('active');
    await expect(suspendTenant.execute({ slug: 'no-such-tenant' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(reactivateTenant.execute({ slug: 'no-such-tenant' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
