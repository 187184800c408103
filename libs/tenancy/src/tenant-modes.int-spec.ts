// Test mode's second database per tenant, on a real central database and real tenant databases:
// provisioning makes and removes both, the directory hands out a reference per mode, and a tenant
// registered before test mode gets its test database from setUpTestDatabase.
import { DomainError, ErrorCode } from '@nova/domain';
import { Client } from 'pg';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, tenancyServices } from '../../../test/support/migrated-central-db';
import { PG_SERVER_URL } from '../../../test/support/test-env';
import { TenantDatabases } from './tenant-databases';
import { tenantRefIn } from './tenant-directory';
import { TenantProvisioning } from './tenant-provisioning';
import { listTenantDatabases, setUpTestDatabase } from './use-cases/list-tenant-databases';

/** The database's own word on its mode (TenantDatabases.create sets it on test databases). */
async function livemodeSetting(dbName: string): Promise<string> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/${dbName}` });
  await client.connect();
  try {
    return (await client.query(`SELECT coalesce(nullif(current_setting('nova.livemode', true), ''), 'true') AS livemode`)).rows[0].livemode;
  } finally {
    await client.end();
  }
}

async function appliedMigrations(dbName: string): Promise<number> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/${dbName}` });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')).rows[0].count);
  } finally {
    await client.end();
  }
}

describe('test mode: two databases per tenant (real central and tenant databases)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let counter = 0;
  const newTenant = () => ({ slug: `modes-${++counter}-${process.pid}`, name: 'Modes', owner: { email: `owner-${counter}-${process.pid}@modes.test`, name: 'Ada', passwordHash: 'x' } });

  beforeAll(async () => {
    db = await migratedCentralDb('modes');
    services = tenancyServices(db);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('provisions a live and a test database, both migrated, on one server, and names both in the registry', async () => {
    const { tenant } = await services.provisioning.provision(newTenant());
    expect(tenant.testDbServer).toBe(tenant.dbServer);
    expect(tenant.testDbName).toBe(services.databases.databaseNameFor(tenant.id, 'test'));
    expect(tenant.testDbName).not.toBe(tenant.dbName);
    expect(tenant.testDbName!.length).toBeLessThanOrEqual(63);
    const live = await appliedMigrations(tenant.dbName);
    expect(live).toBeGreaterThan(10);
    expect(await appliedMigrations(tenant.testDbName!)).toBe(live);
    expect([await livemodeSetting(tenant.dbName), await livemodeSetting(tenant.testDbName!)]).toEqual(['true', 'false']);

    const record = (await services.directory.find(tenant.id))!;
    expect(tenantRefIn(record, 'live')).toEqual({ id: tenant.id, mode: 'live', dbServer: 'main', dbName: tenant.dbName });
    expect(tenantRefIn(record, 'test')).toEqual({ id: tenant.id, mode: 'test', dbServer: 'main', dbName: tenant.testDbName });
  });

  it('removes both databases and the registry rows when migrating the test database fails', async () => {
    const databases = new TenantDatabases(db.config.tenantDb, db.central);
    const migrate = databases.migrate.bind(databases);
    databases.migrate = (ref, log) => (ref.dbName.endsWith('_test') ? Promise.reject(new Error('disk full')) : migrate(ref, log));
    const created: string[] = [];
    const create = databases.create.bind(databases);
    databases.create = (server, name) => create(server, name).then(() => void created.push(name));
    const provisioning = new TenantProvisioning(db.central, databases, services.connections, services.directory);
    const input = newTenant();

    const failure = await provisioning.provision(input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({ code: ErrorCode.ProvisioningFailed, details: { step: 'migrate' } });
    const { rows } = await db.central.pool.query('SELECT id FROM tenants WHERE slug = $1', [input.slug]);
    expect(rows).toEqual([]);
    expect(created).toHaveLength(2);
    for (const name of created) expect(await databases.exists('main', name)).toBe(false);
  });

  it('gives a tenant registered before test mode its test database, and refuses test mode until then', async () => {
    const { tenant } = await services.provisioning.provision(newTenant());
    // As such a tenant looks: no test database, none recorded.
    await services.databases.drop(tenant.dbServer, tenant.testDbName!);
    await db.central.pool.query('UPDATE tenants SET test_db_server = NULL, test_db_name = NULL WHERE id = $1', [tenant.id]);
    services.directory.invalidate(tenant.id);
    const legacy = (await services.directory.find(tenant.id))!;
    expect(() => tenantRefIn(legacy, 'test')).toThrow(expect.objectContaining({ code: ErrorCode.Unavailable }));
    expect(tenantRefIn(legacy, 'live').dbName).toBe(tenant.dbName);

    const listed = (await listTenantDatabases(db.central, db.config.tenantDb, services.databases)).filter((location) => location.tenantId === tenant.id);
    expect(listed.map(({ mode, toCreate, dbName }) => ({ mode, toCreate, dbName }))).toEqual([
      { mode: 'live', toCreate: false, dbName: tenant.dbName },
      { mode: 'test', toCreate: true, dbName: tenant.testDbName },
    ]);

    const result = await setUpTestDatabase(db.central, services.databases, listed[1]!);
    expect(result.applied.length).toBe(await appliedMigrations(tenant.dbName));
    expect(await livemodeSetting(tenant.testDbName!)).toBe('false');
    services.directory.invalidate(tenant.id);
    expect(tenantRefIn((await services.directory.find(tenant.id))!, 'test').dbName).toBe(tenant.testDbName);
    // Re-running it (a run that stopped after creating the database) is harmless.
    expect((await setUpTestDatabase(db.central, services.databases, listed[1]!)).applied).toEqual([]);
    const again = (await listTenantDatabases(db.central, db.config.tenantDb, services.databases)).filter((location) => location.tenantId === tenant.id);
    expect(again.map(({ toCreate }) => toCreate)).toEqual([false, false]);
  });
});
