import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { adjustCustomerBalance } from '../../customers';
import { createInvoice } from './create-invoice';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };

describe('createInvoice: one-off invoices written by hand (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('create_invoice_uc');
  });
  afterAll(() => db.drop());

  it('issues the lines at once: numbered, totalled, with the memo, due on the terms, credit applied', async () => {
    const customerId = await seedCustomer(db.pool);
    await adjustCustomerBalance(db.db, { customerId, currency: 'KES', amount: 50_000n, reason: 'Deposit' });
    const invoice = await createInvoice(db.db, SETTINGS, {
      customerId,
      currency: 'KES',
      memo: '  Pay to paybill 123456  ',
      lines: [
        { description: 'Router installation', quantity: 1, unitAmount: 350_000n },
        { description: 'Patch cables', quantity: 3, unitAmount: 20_000n },
        { description: 'Launch discount', quantity: 1, unitAmount: -60_000n },
      ],
    });
    expect(invoice).toMatchObject({ number: 'INV-000001', status: 'open', subtotal: 350_000n, total: 350_000n, creditApplied: 50_000n, amountDue: 300_000n, memo: 'Pay to paybill 123456', subscriptionId: null });
    expect(invoice.dueAt.getTime() - invoice.issuedAt.getTime()).toBe(14 * 86_400_000);
    expect(invoice.lines.map((line) => [line.description, line.amount])).toEqual([
      ['Router installation', 350_000n],
      ['Patch cables', 60_000n],
      ['Launch discount', -60_000n],
    ]);
  });

  it('refuses, naming the field, and takes no number', async () => {
    const customerId = await seedCustomer(db.pool);
    const line = { description: 'Day of consulting', quantity: 1, unitAmount: 1_000n };
    await expect(createInvoice(db.db, SETTINGS, { customerId, lines: [line] })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
    await expect(createInvoice(db.db, SETTINGS, { customerId, currency: 'KES', lines: [] })).rejects.toMatchObject({ details: { fields: [{ field: 'lines' }] } });
    await expect(createInvoice(db.db, SETTINGS, { customerId, currency: 'KES', lines: [{ ...line, unitAmount: -1_000n }] })).rejects.toMatchObject({ details: { fields: [{ field: 'lines' }] } });
    await expect(createInvoice(db.db, SETTINGS, { customerId: '00000000-0000-4000-8000-000000000000', currency: 'KES', lines: [line] })).rejects.toMatchObject({ details: { fields: [{ field: 'customerId' }] } });
    await db.pool.query("UPDATE customers SET currency = 'KES' WHERE id = $1", [customerId]);
    await expect(createInvoice(db.db, SETTINGS, { customerId, currency: 'USD', lines: [line] })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
    // The customer's currency is the default; the numbering has no gap from the refusals.
    expect(await createInvoice(db.db, SETTINGS, { customerId, lines: [line] })).toMatchObject({ number: 'INV-000002', currency: 'KES' });
  });
});
