import type { Queue } from 'bullmq';
import type { PaymentsConfig } from '@nova/config';
import type { TenantContext, TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { AutomaticCharges } from './enqueue-automatic-charges';

const DAY = 86_400;

describe('AutomaticCharges: which invoices get a charge job (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let charges: AutomaticCharges;
  const batches: { name: string; data: { invoiceId: string; retryDelaysMs: number[] }; opts: { jobId: string; attempts: number } }[][] = [];

  beforeAll(async () => {
    tenant = await migratedTenantDb('automatic_charges');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    charges = new AutomaticCharges(
      { addBulk: async (jobs: (typeof batches)[number]) => batches.push(jobs) } as unknown as Queue,
      { connection: async () => tenant.db } as unknown as TenantDb,
      { tenantId: 'tenant-1', mode: 'live', jobTenant: { tenantId: 'tenant-1', mode: 'live' } } as unknown as TenantContext,
      { retryDelaysSeconds: [DAY, 3 * DAY] } as unknown as PaymentsConfig,
    );
  });
  afterAll(() => tenant.drop());

  it('enqueues open subscription invoices of customers with a default method, on the tenant schedule; a re-run enqueues the same job ids', async () => {
    const withMethod = await seedSubscription(tenant.pool);
    await tenant.pool.query(
      `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, is_default) VALUES (gen_random_uuid(), $1, $2, 'sealed', 'AUTH…1', 'fp-1', true)`,
      [withMethod.customerId, accountId],
    );
    await seedSubscription(tenant.pool); // no saved method: collected by hand
    await tenant.pool.query(`INSERT INTO payment_settings (id, retry_delays_seconds, final_action, updated_at) VALUES (1, '{60,120,180}', 'cancel', now())`);

    expect(await charges.enqueue('corr-1')).toBe(1);
    expect(batches.at(-1)).toEqual([
      { name: 'payments.charge-invoice', data: expect.objectContaining({ invoiceId: withMethod.invoiceId, retryDelaysMs: [60_000, 120_000, 180_000] }), opts: expect.objectContaining({ attempts: 4 }) },
    ]);
    const { rows } = await tenant.pool.query('SELECT status, attempts FROM invoice_dunning WHERE invoice_id = $1', [withMethod.invoiceId]);
    expect(rows).toEqual([{ status: 'active', attempts: 0 }]);

    const firstJobId = batches.at(-1)![0]!.opts.jobId;
    expect(await charges.enqueue('corr-2')).toBe(1);
    expect(batches.at(-1)![0]!.opts.jobId).toBe(firstJobId);

    // Once attempted, an invoice is not enqueued again by a later run.
    await tenant.pool.query('UPDATE invoice_dunning SET attempts = 1 WHERE invoice_id = $1', [withMethod.invoiceId]);
    expect(await charges.enqueue('corr-3')).toBe(0);
  });

  it('a method on a deactivated account is not charged', async () => {
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, active, updated_at) VALUES (gen_random_uuid(), 'stripe', 'Old Stripe', 'sealed', '{}', false, now()) RETURNING id`,
    );
    const seeded = await seedSubscription(tenant.pool);
    await tenant.pool.query(
      `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, is_default) VALUES (gen_random_uuid(), $1, $2, 'sealed', 'pm…1', 'fp-2', true)`,
      [seeded.customerId, rows[0]!.id],
    );
    expect(await charges.enqueue('corr-4')).toBe(0);
    expect((await tenant.pool.query('SELECT 1 FROM invoice_dunning WHERE invoice_id = $1', [seeded.invoiceId])).rowCount).toBe(0);
  });
});
