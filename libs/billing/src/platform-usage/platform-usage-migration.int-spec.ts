// The tenant migration that introduced platform_usage starts its counters at what exists: every
// customer, and the invoices issued in the current UTC month (earlier months do not count).
import path from 'node:path';
import { Pool } from 'pg';
import { usageMonth } from '@nova/domain';
import { createScratchDatabase, loadMigrations, migrateDatabase, repositoryRoot, type ScratchDatabase } from '@nova/migrator';

const MIGRATION = 'platform_usage';

describe(`tenant migration ${MIGRATION}`, () => {
  let scratch: ScratchDatabase;
  let pool: Pool;
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  it('counts the customers there are and this month\'s invoices', async () => {
    const migrations = await loadMigrations(path.join(repositoryRoot(), 'prisma', 'tenant', 'migrations'));
    const at = migrations.findIndex((migration) => migration.name.endsWith(MIGRATION));
    expect(at).toBeGreaterThan(0);
    scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'nova_usage_mig_');
    await migrateDatabase(scratch.url, migrations.slice(0, at));
    pool = new Pool({ connectionString: scratch.url, max: 1 });
    const { rows } = await pool.query<{ id: string }>(`
      INSERT INTO customers (id, name, email, updated_at) VALUES (gen_random_uuid(), 'A', 'a@example.test', now()), (gen_random_uuid(), 'B', 'b@example.test', now()), (gen_random_uuid(), 'C', 'c@example.test', now())
      RETURNING id`);
    const invoice = (n: number, issuedAt: string) =>
      pool.query(
        `INSERT INTO invoices (id, number, sequence, customer_id, status, currency, subtotal, total, amount_paid, amount_due, due_at, issued_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, 'open', 'KES', 100, 100, 0, 100, now(), ${issuedAt}, now())`,
        [`INV-${n}`, n, rows[0]!.id],
      );
    await invoice(1, 'now()');
    await invoice(2, 'now()');
    await invoice(3, "date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 second'"); // last month

    await migrateDatabase(scratch.url, migrations.slice(0, at + 1));

    expect((await pool.query('SELECT metric, period, used FROM platform_usage ORDER BY metric')).rows).toEqual([
      { metric: 'customers', period: '', used: 3 },
      { metric: 'invoices', period: usageMonth(new Date(), 'UTC'), used: 2 },
    ]);
  });
});
