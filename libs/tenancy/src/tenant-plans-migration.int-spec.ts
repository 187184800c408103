// The central migration that introduced NovaBilling's plans keeps tenants that existed before it
// as they were: no expiry, no new limits (scale), and their old maxima as overrides where they differ.
import path from 'node:path';
import { Pool } from 'pg';
import { createScratchDatabase, loadMigrations, migrateDatabase, repositoryRoot, type ScratchDatabase } from '@nova/migrator';

const MIGRATION = 'tenant_plans';

describe(`central migration ${MIGRATION}`, () => {
  let scratch: ScratchDatabase;
  let pool: Pool;
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  it('puts existing tenants on scale and turns their non-default maxima into overrides', async () => {
    const migrations = await loadMigrations(path.join(repositoryRoot(), 'prisma', 'central', 'migrations'));
    const at = migrations.findIndex((migration) => migration.name.endsWith(MIGRATION));
    expect(at).toBeGreaterThan(0);
    scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'nova_plans_mig_');
    await migrateDatabase(scratch.url, migrations.slice(0, at));
    pool = new Pool({ connectionString: scratch.url, max: 1 });
    const insert = (slug: string, maxCustomers: number | null, maxApiKeys: number) =>
      pool.query(
        `INSERT INTO tenants (id, slug, name, status, db_server, db_name, max_customers, max_api_keys, updated_at)
         VALUES (gen_random_uuid(), $1, $1, 'active', 'main', $1, $2, $3, now())`,
        [slug, maxCustomers, maxApiKeys],
      );
    await insert('plain', null, 20);
    await insert('capped', 100, 50);

    await migrateDatabase(scratch.url, migrations.slice(0, at + 1));

    expect((await pool.query('SELECT slug, plan, trial_ends_at FROM tenants ORDER BY slug')).rows).toEqual([
      { slug: 'capped', plan: 'scale', trial_ends_at: null },
      { slug: 'plain', plan: 'scale', trial_ends_at: null },
    ]);
    expect((await pool.query('SELECT t.slug, o.limit_name, o.max FROM tenant_limit_overrides o JOIN tenants t ON t.id = o.tenant_id ORDER BY 1, 2')).rows).toEqual([
      { slug: 'capped', limit_name: 'customers', max: 100 },
      { slug: 'plain', limit_name: 'apiKeys', max: 20 },
    ]);
    // New rows start on the trial.
    expect((await pool.query(`SELECT column_default FROM information_schema.columns WHERE table_name = 'tenants' AND column_name = 'plan'`)).rows).toEqual([{ column_default: "'trial'::text" }]);
  });
});
