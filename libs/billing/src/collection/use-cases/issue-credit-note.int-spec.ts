import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { getInvoice } from '../../invoicing';
import { issueCreditNote } from './issue-credit-note';

describe('issueCreditNote through collection (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('collection_credit_note');
  });
  afterAll(() => db.drop());

  /** An open invoice whose automatic collection is failing, its subscription past due. */
  async function pastDue() {
    const seeded = await seedSubscription(db.pool);
    await db.pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [seeded.subscriptionId]);
    await db.pool.query(`INSERT INTO invoice_dunning (invoice_id, status, attempts, last_error, next_attempt_at, updated_at) VALUES ($1, 'active', 2, 'declined', now() + interval '1 day', now())`, [seeded.invoiceId]);
    return seeded;
  }
  const dunningStatus = async (invoiceId: string) => (await db.pool.query<{ status: string }>('SELECT status FROM invoice_dunning WHERE invoice_id = $1', [invoiceId])).rows[0]!.status;

  it('a note that pays the invoice off has the effects of a payment: dunning recovered, the subscription active again', async () => {
    const { invoiceId, subscriptionId } = await pastDue();
    const note = await issueCreditNote(db.db, { invoiceId, reason: 'product_unsatisfactory' });
    expect(note.prePaymentAmount).toBeGreaterThan(0n);
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'paid', amountDue: 0n });
    expect(await dunningStatus(invoiceId)).toBe('recovered');
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('active');
  });

  it('a partial note leaves the invoice open, its dunning going and the subscription past due', async () => {
    const { invoiceId, subscriptionId } = await pastDue();
    await issueCreditNote(db.db, { invoiceId, amount: 1n, reason: 'other' });
    expect((await getInvoice(db.db, invoiceId)).status).toBe('open');
    expect(await dunningStatus(invoiceId)).toBe('active');
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('past_due');
  });

  it('a refused note changes nothing', async () => {
    const { invoiceId, subscriptionId } = await pastDue();
    await expect(issueCreditNote(db.db, { invoiceId, reason: 'not-a-reason' as never })).rejects.toMatchObject({ details: { fields: [{ field: 'reason' }] } });
    expect(await dunningStatus(invoiceId)).toBe('active');
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('past_due');
  });
});
