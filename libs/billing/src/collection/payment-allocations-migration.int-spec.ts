// The migration that introduced payment allocations moves the payments already applied to their
// invoice into it, so every application of money, old or new, reads from one table.
import path from 'node:path';
import { Pool } from 'pg';
import { createScratchDatabase, loadMigrations, migrateDatabase, repositoryRoot, type ScratchDatabase } from '@nova/migrator';

const MIGRATION = 'receipts_allocations_and_invoice_credit';

describe(`tenant migration ${MIGRATION}`, () => {
  let scratch: ScratchDatabase;
  let pool: Pool;
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  it('makes each payment applied to its invoice that payment\'s one allocation, and starts receipt numbers at 1', async () => {
    const migrations = await loadMigrations(path.join(repositoryRoot(), 'prisma', 'tenant', 'migrations'));
    const at = migrations.findIndex((migration) => migration.name.endsWith(MIGRATION));
    expect(at).toBeGreaterThan(0);
    scratch = await createScratchDatabase(process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', 'nova_alloc_mig_');
    await migrateDatabase(scratch.url, migrations.slice(0, at));
    pool = new Pool({ connectionString: scratch.url, max: 1 });

    const { rows } = await pool.query<{ customer: string; invoice: string }>(`
      WITH customer AS (INSERT INTO customers (id, name, email, updated_at) VALUES (gen_random_uuid(), 'Old', 'old@example.test', now()) RETURNING id)
      INSERT INTO invoices (id, number, sequence, customer_id, status, currency, subtotal, total, amount_paid, amount_due, due_at, updated_at)
      SELECT gen_random_uuid(), 'INV-000001', 1, id, 'paid', 'KES', 5000, 5000, 5000, 0, now(), now() FROM customer
      RETURNING customer_id AS customer, id AS invoice`);
    const { customer, invoice } = rows[0]!;
    const paidAt = new Date('2026-11-01T10:00:00Z');
    const insertPayment = (amount: number, applied: number, invoiceId: string | null, status: string) =>
      pool.query<{ id: string }>(
        `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, currency, status, method, paid_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'KES', $5::"PaymentStatus", 'manual', $6, now()) RETURNING id`,
        [invoiceId, customer, amount, applied, status, paidAt],
      );
    const applied = (await insertPayment(5000, 5000, invoice, 'succeeded')).rows[0]!.id;
    await insertPayment(5000, 0, invoice, 'failed'); // never applied: no allocation
    await insertPayment(700, 0, null, 'succeeded'); // no invoice: no allocation

    await migrateDatabase(scratch.url, migrations.slice(0, at + 1));

    expect((await pool.query('SELECT payment_id, invoice_id, amount::text, position, created_at FROM payment_allocations')).rows).toEqual([
      { payment_id: applied, invoice_id: invoice, amount: '5000', position: 0, created_at: paidAt },
    ]);
    expect((await pool.query('SELECT next::text FROM receipt_sequence WHERE id = 1')).rows).toEqual([{ next: '1' }]);
    expect((await pool.query('SELECT credit_applied::text FROM invoices')).rows).toEqual([{ credit_applied: '0' }]);
  });
});
