import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { getCustomerBalances, recordBalanceTransaction } from '../../customers';
import { getInvoice } from './get-invoice';
import { issueInvoices } from './issue-invoices';
import { applyPaymentToInvoice } from './invoice-payments';
import type { TenantDatabase } from '@nova/tenant-db';
import { type IssueCreditNoteCommand, getCreditNote, issueCreditNoteWithin, listCreditNotes, voidCreditNote } from './credit-notes';

/** Invoicing's part alone (the API goes through collection's issueCreditNote, which adds the paid effects). */
const issueCreditNote = (tenant: TenantDatabase, command: IssueCreditNoteCommand) => inTransaction(tenant.pool, async (client) => (await issueCreditNoteWithin(client, command)).note);

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };

describe('credit notes (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('credit_notes_uc');
  });
  afterAll(() => db.drop());

  async function openInvoice(amount: bigint): Promise<{ invoiceId: string; customerId: string }> {
    const customerId = await seedCustomer(db.pool);
    const [issued] = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [{ customerId, currency: 'KES', lines: [{ description: 'Service', quantity: 1, unitAmount: amount }] }]));
    return { invoiceId: issued!.id, customerId };
  }
  const pay = (invoiceId: string, amount: bigint) => inTransaction(db.pool, (client) => applyPaymentToInvoice(client, { invoiceId, amount, at: new Date() }));

  it('on a partly paid invoice: lowers what is due, credits the rest to the balance, numbered gaplessly', async () => {
    const { invoiceId, customerId } = await openInvoice(100_000n);
    await pay(invoiceId, 70_000n);
    const note = await issueCreditNote(db.db, { invoiceId, amount: 50_000n, reason: 'product_unsatisfactory', memo: 'Two days of outage' });
    expect(note).toMatchObject({ number: 'CN-000001', status: 'issued', amount: 50_000n, prePaymentAmount: 30_000n, postPaymentAmount: 20_000n, memo: 'Two days of outage' });
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'paid', amountDue: 0n, amountPaid: 70_000n });
    expect(await getCustomerBalances(db.db, customerId)).toEqual([{ currency: 'KES', balance: 20_000n }]);

    // Never more than what is left to credit (100,000 − 50,000), and a refusal takes no number.
    await expect(issueCreditNote(db.db, { invoiceId, amount: 50_001n, reason: 'other' })).rejects.toMatchObject({ details: { fields: [{ field: 'amount' }] } });
    // The rest of what was paid (70,000 − 20,000 credited) can still go to the balance.
    expect(await issueCreditNote(db.db, { invoiceId, amount: 50_000n, reason: 'duplicate' })).toMatchObject({ number: 'CN-000002', postPaymentAmount: 50_000n });
    expect((await listCreditNotes(db.db, { limit: 10, invoiceId })).data.map((row) => row.number)).toEqual(['CN-000002', 'CN-000001']);
  });

  it('crediting an open invoice in full settles it; voiding gives back what can be given back', async () => {
    const { invoiceId, customerId } = await openInvoice(40_000n);
    const partial = await issueCreditNote(db.db, { invoiceId, amount: 10_000n, reason: 'order_change' });
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'open', amountDue: 30_000n });
    const voided = await voidCreditNote(db.db, partial.id);
    expect(voided).toMatchObject({ status: 'void', voidedAt: expect.any(Date) });
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'open', amountDue: 40_000n });
    await expect(voidCreditNote(db.db, partial.id)).rejects.toThrow(/void already/);

    const whole = await issueCreditNote(db.db, { invoiceId, reason: 'duplicate' });
    expect(whole.amount).toBe(40_000n);
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'paid', amountDue: 0n });
    await expect(voidCreditNote(db.db, whole.id)).rejects.toThrow(/paid now/);
    expect(await getCustomerBalances(db.db, customerId)).toEqual([]);
  });

  it('a credit already used from the balance cannot be voided; unused, it is taken back', async () => {
    const { invoiceId, customerId } = await openInvoice(20_000n);
    await pay(invoiceId, 20_000n);
    const note = await issueCreditNote(db.db, { invoiceId, amount: 5_000n, reason: 'other' });
    await inTransaction(db.pool, (client) => recordBalanceTransaction(client, { customerId, currency: 'KES', amount: -1n, type: 'applied_to_invoice' }));
    await expect(voidCreditNote(db.db, note.id)).rejects.toThrow(/used/);
    await inTransaction(db.pool, (client) => recordBalanceTransaction(client, { customerId, currency: 'KES', amount: 1n, type: 'adjustment', reason: 'back' }));
    await voidCreditNote(db.db, note.id);
    expect(await getCustomerBalances(db.db, customerId)).toEqual([{ currency: 'KES', balance: 0n }]);
    expect((await getCreditNote(db.db, note.id)).status).toBe('void');
    // The voided note no longer counts: the whole invoice can be credited again.
    expect((await issueCreditNote(db.db, { invoiceId, reason: 'other' })).amount).toBe(20_000n);
  });

  it('refuses void invoices, unknown ones and bad input', async () => {
    const { invoiceId } = await openInvoice(1_000n);
    await db.pool.query(`UPDATE invoices SET status = 'void', amount_due = 0 WHERE id = $1`, [invoiceId]);
    await expect(issueCreditNote(db.db, { invoiceId, reason: 'other' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(issueCreditNote(db.db, { invoiceId: '00000000-0000-4000-8000-000000000000', reason: 'other' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(issueCreditNote(db.db, { invoiceId, reason: 'because' as never })).rejects.toMatchObject({ details: { fields: [{ field: 'reason' }] } });
  });
});
