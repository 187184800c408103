import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, tenancyServices } from '../../../../test/support/migrated-central-db';
import { createApiKey } from './create-api-key';
import { DeleteTenant } from './delete-tenant';

describe('DeleteTenant (real central database, real tenant database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let deleteTenant: DeleteTenant;

  beforeAll(async () => {
    db = await migratedCentralDb('delete_tenant_uc');
    services = tenancyServices(db);
    deleteTenant = new DeleteTenant(db.central, services.databases, services.connections, services.directory);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('drops the tenant database, then its registry rows with its users and keys', async () => {
    const { tenant } = await services.provisioning.provision({ slug: `doomed-${process.pid}`, name: 'Doomed', owner: { email: `owner-${process.pid}@doomed.test`, name: 'Owner', passwordHash: 'x' } });
    await createApiKey(db.central, { tenantId: tenant.id, name: 'k', mode: 'live' });
    expect((await services.directory.find(tenant.id))?.status).toBe('active');

    await deleteTenant.execute({ slug: tenant.slug });
    expect(await services.databases.exists(tenant.dbServer, tenant.dbName)).toBe(false);
    for (const table of ['tenants', 'admin_users', 'api_keys']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      expect((await db.central.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [tenant.id])).rows[0].n).toBe(0);
    }
    expect(await services.directory.find(tenant.id)).toBeNull();
    await expect(deleteTenant.execute({ slug: tenant.slug })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
