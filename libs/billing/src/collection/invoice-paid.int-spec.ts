import type { Pool } from 'pg';
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../test/support/migrated-tenant-db';
import { cancelSubscription } from '../subscriptions';
import { applyInvoicePaidEffects } from './invoice-paid';
import { applySettlementEvent } from './settlement';

describe('applyInvoicePaidEffects (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('invoice_paid');
  });
  afterAll(() => db.drop());

  /** What dunning leaves behind after its last failed attempt (policy "past due"). */
  async function overdue(pool: Pool) {
    const seeded = await seedSubscription(pool);
    await pool.query(`UPDATE invoices SET status = 'uncollectible' WHERE id = $1`, [seeded.invoiceId]);
    await pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [seeded.subscriptionId]);
    await pool.query(`INSERT INTO invoice_dunning (invoice_id, status, attempts, last_error, updated_at) VALUES ($1, 'exhausted', 3, 'declined', now())`, [seeded.invoiceId]);
    return seeded;
  }
  const dunningStatus = async (invoiceId: string) =>
    (await db.pool.query<{ status: string; next_attempt_at: Date | null }>('SELECT status, next_attempt_at FROM invoice_dunning WHERE invoice_id = $1', [invoiceId])).rows[0];

  it('marks dunning recovered and brings a past-due subscription back to active', async () => {
    const { invoiceId, subscriptionId } = await overdue(db.pool);
    const effects = await inTransaction(db.pool, (client) => applyInvoicePaidEffects(client, { id: invoiceId, subscriptionId }));
    expect(effects).toEqual({ dunningRecovered: true, subscriptionReactivated: true });
    expect(await dunningStatus(invoiceId)).toEqual({ status: 'recovered', next_attempt_at: null });
    expect(await subscriptionRow(db.pool, subscriptionId)).toMatchObject({ status: 'active', cancel_at_period_end: false, ended_at: null });
    // A second time changes nothing more.
    expect(await inTransaction(db.pool, (client) => applyInvoicePaidEffects(client, { id: invoiceId, subscriptionId }))).toEqual({ dunningRecovered: false, subscriptionReactivated: false });
  });

  it('never revives a canceled subscription, nor touches an active one', async () => {
    const { invoiceId, subscriptionId } = await overdue(db.pool);
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false });
    const canceled = await subscriptionRow(db.pool, subscriptionId);
    expect(await inTransaction(db.pool, (client) => applyInvoicePaidEffects(client, { id: invoiceId, subscriptionId }))).toEqual({ dunningRecovered: true, subscriptionReactivated: false });
    expect(await subscriptionRow(db.pool, subscriptionId)).toEqual(canceled);

    const active = await seedSubscription(db.pool);
    expect(await inTransaction(db.pool, (client) => applyInvoicePaidEffects(client, { id: active.invoiceId, subscriptionId: active.subscriptionId }))).toEqual({ dunningRecovered: false, subscriptionReactivated: false });
    expect((await subscriptionRow(db.pool, active.subscriptionId)).status).toBe('active');
  });

  it('is what a provider settlement of the whole amount does too; a partial payment changes neither', async () => {
    const { invoiceId, subscriptionId, customerId } = await overdue(db.pool);
    const { rows: accounts } = await db.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    const accountId = accounts[0]!.id;
    await db.pool.query(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 250000, 'KES', 'pending', 'paystack', $3, 'ref-part', now()), (gen_random_uuid(), $1, $2, 250000, 'KES', 'pending', 'paystack', $3, 'ref-rest', now())`,
      [invoiceId, customerId, accountId],
    );
    const event = (reference: string, amount: string) => ({
      id: reference, account_id: accountId, provider: 'paystack', type: 'payment.succeeded' as const, provider_reference: reference, refund_reference: null, provider_transaction_id: null,
      invoice_reference: invoiceId, amount, currency: 'KES', occurred_at: new Date(), saved_method: null,
    });
    await inTransaction(db.pool, (client) => applySettlementEvent(client, event('ref-part', '100000')));
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('past_due');
    expect((await dunningStatus(invoiceId))!.status).toBe('exhausted');

    await inTransaction(db.pool, (client) => applySettlementEvent(client, event('ref-rest', '150000')));
    expect((await db.pool.query('SELECT status FROM invoices WHERE id = $1', [invoiceId])).rows[0].status).toBe('paid');
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('active');
    expect((await dunningStatus(invoiceId))!.status).toBe('recovered');
  });
});
