// The operator scripts against a registry of their own (a separate central database and tenant
// database prefix), so their listings see exactly the tenants this file makes.
import { Client } from 'pg';
import { healthCheck } from '../../scripts/health-check';
import { MigrationProgress, migrateAllTenants, progressLine } from '../../scripts/migrate-all-tenants';
import { migrateCentral } from '../../scripts/migrate-central';
import { tenantCommand } from '../../scripts/tenant';
import { TestApp, startTestApp } from '../support/test-app';
import { PG_SERVER_URL, TEST_DB_PREFIX, testEnv } from '../support/test-env';
import { registerTenant } from '../support/tenant-session';

const OPS_PREFIX = `${TEST_DB_PREFIX}ops_`;
// The scripts and the API must share a queue prefix: it names the invalidation channels too.
const QUEUE_PREFIX = `nbtest-ops-${process.pid}`;

/** Polls for up to three seconds: pub/sub delivery is asynchronous but fast (the cache TTL is 5 s). */
async function eventuallyStatus(request: () => PromiseLike<{ status: number }>, status: number): Promise<void> {
  const deadline = Date.now() + 3_000;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await request()).status;
    if (last === status) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`expected ${status} within 3 s, still ${last}`);
}
const OPS_ENV = { CENTRAL_DATABASE_URL: `${PG_SERVER_URL}/${OPS_PREFIX}central`, TENANT_DB_PREFIX: OPS_PREFIX, QUEUE_PREFIX };

describe('operator scripts', () => {
  const env = testEnv(OPS_ENV);
  let app: TestApp;
  const lines: string[] = [];
  const print = (line: string) => lines.push(line);

  beforeAll(async () => {
    await migrateCentral(env, print);
    app = await startTestApp({ worker: false, env: OPS_ENV });
  });

  afterAll(() => app?.close());

  beforeEach(() => {
    lines.length = 0;
  });

  it('migrate:central creates and migrates the registry, and is idempotent', async () => {
    await migrateCentral(env, print);
    expect(lines).toEqual([`central database ${OPS_PREFIX}central: up to date`]);
  });

  it('migrate:all-tenants reports each tenant database (live and test), a summary, and failures', async () => {
    const tenants = await Promise.all([registerTenant(app), registerTenant(app)]);
    const progress: MigrationProgress[] = [];
    const result = await migrateAllTenants(env, 4, print, { onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ ok: 4, failed: 0 });
    // Progress counts every database once (two per tenant), up to the total; the terminal line reads as such.
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4]);
    expect(progress.at(-1)).toMatchObject({ done: 4, failed: 0, total: 4 });
    expect(progressLine({ done: 250, failed: 3, total: 1000, elapsedSeconds: 10 })).toBe('250/1000 (25 %)  25.0 DB/s  ETA 30 s  3 failed');
    for (const tenant of tenants) {
      for (const mode of ['live', 'test']) expect(lines.some((line) => line.startsWith('ok') && line.includes(tenant.slug) && line.includes(` ${mode} `) && line.includes('up to date'))).toBe(true);
    }
    expect(lines.at(-1)).toMatch(/4 tenant database\(s\) \(live and test\): 4 migrated or up to date, 0 failed/);

    // A tenant whose database went missing is reported, and the run fails.
    const central = new Client({ connectionString: OPS_ENV.CENTRAL_DATABASE_URL });
    await central.connect();
    await central.query(`UPDATE tenants SET db_name = $2 WHERE slug = $1`, [tenants[0]!.slug, `${OPS_PREFIX}gone`]).finally(() => central.end());
    lines.length = 0;
    expect(await migrateAllTenants(env, 4, print)).toEqual({ ok: 3, failed: 1 });
    expect(lines.find((line) => line.includes(tenants[0]!.slug) && line.includes(' live '))).toMatch(new RegExp(`^FAIL .*${OPS_PREFIX}gone`));

    lines.length = 0;
    expect(await healthCheck(env, print)).toBe(false);
    expect(lines.find((line) => line.includes(`tenant ${tenants[0]!.slug} (live)`))).toMatch(/^DOWN/);
    expect(lines.find((line) => line.includes(`tenant ${tenants[0]!.slug} (test)`))).toMatch(/^ok/);
    expect(lines.find((line) => line.includes('central-db'))).toMatch(/^ok/);
    expect(lines.find((line) => line.includes('redis'))).toMatch(/^ok/);
    await tenantCommand(['delete', tenants[0]!.slug, '--yes'], env, print);
    lines.length = 0;
    expect(await healthCheck(env, print)).toBe(true);
  });

  it('migrate:all-tenants gives a tenant registered before test mode its test database, once', async () => {
    const tenant = await registerTenant(app);
    // As such a tenant looks: no test database, none recorded.
    const central = new Client({ connectionString: OPS_ENV.CENTRAL_DATABASE_URL });
    await central.connect();
    try {
      const { rows } = await central.query<{ test_db_name: string }>('UPDATE tenants t SET test_db_server = NULL, test_db_name = NULL FROM tenants old WHERE t.id = old.id AND t.slug = $1 RETURNING old.test_db_name', [tenant.slug]);
      const testDbName = rows[0]!.test_db_name;
      await central.query(`DROP DATABASE "${testDbName}" WITH (FORCE)`);
      lines.length = 0;
      expect(await healthCheck(env, print)).toBe(false);
      expect(lines.find((line) => line.includes(`tenant ${tenant.slug} (test)`))).toMatch(/^DOWN .*run migrate:all-tenants/);

      lines.length = 0;
      await migrateAllTenants(env, 4, print);
      expect(lines.find((line) => line.includes(tenant.slug) && line.includes(' test '))).toMatch(new RegExp(`^ok .*${testDbName}@main  created, applied `));
      const recorded = await central.query('SELECT test_db_server, test_db_name FROM tenants WHERE slug = $1', [tenant.slug]);
      expect(recorded.rows).toEqual([{ test_db_server: 'main', test_db_name: testDbName }]);

      lines.length = 0;
      await migrateAllTenants(env, 4, print);
      expect(lines.find((line) => line.includes(tenant.slug) && line.includes(' test '))).toMatch(/up to date$/);
      lines.length = 0;
      expect(await healthCheck(env, print)).toBe(true);
    } finally {
      await central.end();
    }
  });

  it('suspends and resumes a tenant', async () => {
    const tenant = await registerTenant(app);
    await tenant.as.get('/api/customers').expect(200); // the API has the tenant cached now
    await tenantCommand(['suspend', tenant.slug], env, print);
    // The script announces the change: the running API drops its cached copy at once.
    await eventuallyStatus(() => tenant.as.get('/api/customers'), 403);
    await tenantCommand(['resume', tenant.slug], env, print);
    await eventuallyStatus(() => tenant.as.get('/api/customers'), 200);
    await tenantCommand(['list'], env, print);
    expect(lines.some((line) => line.startsWith(tenant.slug) && line.includes('active'))).toBe(true);
    await expect(tenantCommand(['delete', tenant.slug], env, print)).rejects.toThrow(/--yes/);
  });

  it("shows, sets and overrides a tenant's NovaBilling plan (the whole flow over HTTP: platform-plans.e2e-spec.ts)", async () => {
    const tenant = await registerTenant(app); // tests register on scale (SIGNUP_PLAN in test-env.ts)
    await tenantCommand(['plan', 'show', tenant.slug], env, print);
    expect(lines).toEqual([
      `${tenant.slug}: plan scale`,
      '  customers                 0 / unlimited',
      '  invoicesPerMonth          0 / unlimited',
      '  apiKeys                   1 / 50',
      '  teamSeats                 1 / unlimited',
    ]);
    lines.length = 0;
    await tenantCommand(['plan', 'limit', tenant.slug, 'apiKeys=3', 'customers=0'], env, print);
    expect(lines).toEqual(expect.arrayContaining(['  customers                 0 / 0 (override)', '  apiKeys                   1 / 3 (override)']));
    await tenant.as.post('/api/customers').send({ name: 'Nobody', email: 'nobody@example.test' }).expect(402);
    lines.length = 0;
    await tenantCommand(['plan', 'set', tenant.slug, 'free'], env, print);
    expect(lines[0]).toBe(`${tenant.slug}: plan free`);
    expect(lines).toContain('  teamSeats                 1 / 1');
    lines.length = 0;
    await tenantCommand(['list'], env, print);
    expect(lines.find((line) => line.startsWith(tenant.slug))).toMatch(/ active +free /);
    await expect(tenantCommand(['plan', 'upgrade', tenant.slug], env, print)).rejects.toThrow(/^usage: tenant plan show <slug>/);
    await expect(tenantCommand(['plan', 'set', tenant.slug, 'growth', '--trial-ends', '2030-01-01'], env, print)).rejects.toThrow('trialEndsAt: only the trial ends; growth does not');
  });
});
