import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, seedSubscription, subscriptionRow, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { recordOfflinePayment } from './record-offline-payment';

describe('recordOfflinePayment (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('offline_payment');
  });
  afterAll(() => tenant.drop());

  const invoice = async (id: string) =>
    (await tenant.pool.query<{ status: string; amount_due: string; amount_paid: string; paid_at: Date | null }>('SELECT status, amount_due::text, amount_paid::text, paid_at FROM invoices WHERE id = $1', [id])).rows[0]!;

  it('pays an overdue invoice in full: a manual payment of what was due, dunning recovered, the past-due subscription active', async () => {
    const { invoiceId, subscriptionId, customerId } = await seedSubscription(tenant.pool);
    // What dunning leaves behind after its last failed attempt (policy "past due").
    await tenant.pool.query(`UPDATE invoices SET status = 'uncollectible' WHERE id = $1`, [invoiceId]);
    await tenant.pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [subscriptionId]);
    await tenant.pool.query(`INSERT INTO invoice_dunning (invoice_id, status, attempts, last_error, updated_at) VALUES ($1, 'exhausted', 3, 'declined', now())`, [invoiceId]);
    const paidAt = new Date('2026-11-30T10:00:00Z');

    const result = await recordOfflinePayment(tenant.db, { invoiceId, paidAt, reference: 'BANK-0042', note: 'transfer' });

    expect(result.invoiceId).toBe(invoiceId);
    const { rows } = await tenant.pool.query(
      'SELECT invoice_id, customer_id, amount::text, amount_applied::text, status, method, reference, note, paid_at, receipt_number, received_via FROM payments WHERE id = $1',
      [result.paymentId],
    );
    expect(rows[0]).toEqual({
      invoice_id: invoiceId,
      customer_id: customerId,
      amount: '250000',
      amount_applied: '250000',
      status: 'succeeded',
      method: 'manual',
      reference: 'BANK-0042',
      note: 'transfer',
      paid_at: paidAt,
      receipt_number: result.receiptNumber,
      received_via: 'other',
    });
    expect(result.receiptNumber).toMatch(/^RCT-\d{6}$/);
    // A receipt for the whole amount due: one allocation, like every application of money.
    expect((await tenant.pool.query('SELECT invoice_id, amount::text FROM payment_allocations WHERE payment_id = $1', [result.paymentId])).rows).toEqual([{ invoice_id: invoiceId, amount: '250000' }]);
    expect(await invoice(invoiceId)).toEqual({ status: 'paid', amount_due: '0', amount_paid: '250000', paid_at: paidAt });
    expect((await subscriptionRow(tenant.pool, subscriptionId)).status).toBe('active');
    expect((await tenant.pool.query('SELECT status FROM invoice_dunning WHERE invoice_id = $1', [invoiceId])).rows[0].status).toBe('recovered');
  });

  it('refuses an invoice that takes no payment (409), recording nothing', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    await recordOfflinePayment(tenant.db, { invoiceId });
    const paid = await invoice(invoiceId);

    const refused = await recordOfflinePayment(tenant.db, { invoiceId }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe(ErrorCode.InvalidState);
    expect(await invoice(invoiceId)).toEqual(paid);
    expect((await tenant.pool.query('SELECT count(*)::int AS n FROM payments WHERE invoice_id = $1', [invoiceId])).rows[0].n).toBe(1);

    const { invoiceId: voided } = await seedSubscription(tenant.pool);
    await tenant.pool.query(`UPDATE invoices SET status = 'void', amount_due = 0 WHERE id = $1`, [voided]);
    await expect(recordOfflinePayment(tenant.db, { invoiceId: voided })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
  });

  it('an unknown invoice is not found', async () => {
    await expect(recordOfflinePayment(tenant.db, { invoiceId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('pays what is left after a partial payment', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    await tenant.pool.query(`UPDATE invoices SET amount_due = 100000, amount_paid = 150000 WHERE id = $1`, [invoiceId]);
    const { paymentId } = await recordOfflinePayment(tenant.db, { invoiceId });
    expect((await tenant.pool.query('SELECT amount::text FROM payments WHERE id = $1', [paymentId])).rows[0].amount).toBe('100000');
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_due: '0', amount_paid: '250000' });
  });
});
