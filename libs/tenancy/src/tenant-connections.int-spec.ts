import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { testConfig } from '../../../test/support/test-env';
import { TenantConnections } from './tenant-connections';

// Every "tenant" here points at the maintenance database: the subject is connection handling.
const tenant = () => ({ id: randomUUID(), mode: 'live' as const, dbServer: 'main', dbName: 'postgres' });

async function openTenantConnections(tenantIds: string[]): Promise<number> {
  const admin = new Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    // Either mode's connections (application_name novabilling-tenant-<id>-<mode>).
    const names = tenantIds.map((id) => `novabilling-tenant-${id.slice(0, 8)}-%`);
    const { rows } = await admin.query<{ count: string }>('SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ANY($1)', [names]);
    return Number(rows[0]!.count);
  } finally {
    await admin.end();
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('TenantConnections', () => {
  let connections: TenantConnections;

  beforeEach(() => {
    connections = new TenantConnections(testConfig({ TENANT_DB_CLIENT_CACHE_MAX: '2', TENANT_DB_POOL_MAX: '1' }).tenantDb);
  });

  afterEach(() => connections.onModuleDestroy());

  it('reads timestamps exactly, whatever the session time zone (the fast UTC parser falls back for any other offset)', async () => {
    const lease = await connections.lease(tenant());
    try {
      const read = async () =>
        (await lease.connection.pool.query<{ utc: Date; offset: Date }>(`SELECT '2026-12-04 19:10:38.123456+00'::timestamptz AS utc, '2024-02-29 23:59:59.5+05:30'::timestamptz AS offset`)).rows[0]!;
      expect(await read()).toEqual({ utc: new Date('2026-12-04T19:10:38.123Z'), offset: new Date('2024-02-29T18:29:59.500Z') });
      await lease.connection.pool.query(`SET TimeZone = 'Asia/Kolkata'`);
      expect(await read()).toEqual({ utc: new Date('2026-12-04T19:10:38.123Z'), offset: new Date('2024-02-29T18:29:59.500Z') });
      await lease.connection.pool.query('RESET TimeZone');
    } finally {
      lease.release();
    }
  });

  it('creates one connection for concurrent first requests of a tenant', async () => {
    const t = tenant();
    const leases = await Promise.all([1, 2, 3, 4].map(() => connections.lease(t)));
    expect(new Set(leases.map((lease) => lease.connection)).size).toBe(1);
    leases.forEach((lease) => lease.release());
  });

  it('leases a tenant\'s live and test databases as two connections, each to its own database, and evicts both', async () => {
    const live = tenant();
    // The test "database" of this tenant is another maintenance database, so the two can be told apart.
    const test = { ...live, mode: 'test' as const, dbName: 'template1' };
    const [liveLease, testLease, liveAgain] = await Promise.all([connections.lease(live), connections.lease(test), connections.lease(live)]);
    expect(liveAgain.connection).toBe(liveLease.connection);
    expect(testLease.connection).not.toBe(liveLease.connection);
    expect([liveLease.connection.mode, testLease.connection.mode]).toEqual(['live', 'test']);
    const database = async (lease: typeof liveLease) => (await lease.connection.pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    expect([await database(liveLease), await database(testLease)]).toEqual(['postgres', 'template1']);
    expect(connections.size).toBe(2); // both modes count against the cache (and so the connection budget)
    expect(await openTenantConnections([live.id])).toBe(2);
    [liveLease, testLease, liveAgain].forEach((lease) => lease.release());
    await connections.evict(live.id);
    expect(connections.size).toBe(0);
    await eventually(async () => (await openTenantConnections([live.id])) === 0);
  });

  it('keeps an evicted connection open while it is leased and closes it on the last release', async () => {
    const [a, b, c] = [tenant(), tenant(), tenant()];
    const leaseA = await connections.lease(a);
    await leaseA.connection.pool.query('SELECT 1');
    for (const other of [b, c]) {
      const lease = await connections.lease(other);
      await lease.connection.pool.query('SELECT 1');
      lease.release();
    }
    // a was evicted by c (cache of 2) but is still in use: it must still work.
    await expect(leaseA.connection.pool.query('SELECT 1')).resolves.toBeTruthy();
    expect(await openTenantConnections([a.id])).toBe(1);
    leaseA.release();
    await eventually(async () => (await openTenantConnections([a.id])) === 0);
  });

  it('stays within its budget when more tenants are active than the cache holds', async () => {
    const tenants = Array.from({ length: 12 }, tenant);
    for (let round = 0; round < 3; round++) {
      for (const t of tenants) {
        const lease = await connections.lease(t);
        await lease.connection.pool.query('SELECT 1');
        lease.release();
      }
    }
    await eventually(async () => (await openTenantConnections(tenants.map((t) => t.id))) <= 2);
  });
});
