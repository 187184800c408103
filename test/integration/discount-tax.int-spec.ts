// A discount line on a taxed invoice, issued through the one issuance on a real tenant database:
// it lowers the taxable value of the lines it discounts pro rata per rate and component (no rate
// of its own), so the invoice's tax summary carries the net figures a GST return is filled from.
import { inTransaction } from '@nova/common';
import { addCustomerTaxId, createCustomer, createTaxRate, getInvoice, issueInvoices, putTaxProfile } from '@nova/billing';
import { MigratedTenantDb, migratedTenantDb } from '../support/migrated-tenant-db';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 15, invoicesPerMonth: null };

describe('discount lines and tax (real tenant database)', () => {
  let db: MigratedTenantDb;
  let gst5: string;
  let customerId: string;
  beforeAll(async () => {
    db = await migratedTenantDb('discount_tax');
    const gst18 = (await createTaxRate(db.db, { name: 'GST 18%', country: 'IN', percentage: '18' })).id;
    gst5 = (await createTaxRate(db.db, { name: 'GST 5%', country: 'IN', percentage: '5' })).id;
    await putTaxProfile(db.db, {
      legalName: 'Nimbus Cloud Pvt Ltd',
      country: 'IN',
      address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' },
      taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }],
      defaultTaxRateId: gst18,
    });
    customerId = (await createCustomer(db.db, { name: 'Kaveri Traders', email: 'kaveri@example.test', address: { city: 'Bengaluru', country: 'IN' } }, { customers: null })).id;
    await addCustomerTaxId(db.db, { customerId, type: 'in_gstin', value: '29AAACC1206D1ZC' });
  });
  afterAll(() => db.drop());

  it('spreads ₹12.34 off over an 18 % and a 5 % line: net taxable value and tax per rate and component', async () => {
    const [issued] = await inTransaction(db.pool, (client) =>
      issueInvoices(client, SETTINGS, [
        {
          customerId,
          currency: 'INR',
          lines: [
            { description: 'Seats', quantity: 3, unitAmount: 33_333n },
            { description: 'Books', quantity: 1, unitAmount: 10_001n, taxRateId: gst5 },
            { description: 'LAUNCH (₹12.34 off)', quantity: 1, unitAmount: -1_234n },
          ],
        },
      ]),
    );
    const invoice = await getInvoice(db.db, issued!.id);
    // Seats 99,999: CGST 9,000 + SGST 9,000; books 10,001: CGST 250 + SGST 250 (250.025 each, half-even).
    // The discount: 1,234 × 99,999 / 110,000 = 1,121.79… and × 10,001 / 110,000 = 112.19…: 1,122 and 112
    // (the unit left to the larger remainder); −1,122 × 9 % = −100.98 → −101 per half, −112 × 2.5 % = −2.8 → −3 per half.
    expect(invoice.lines[2]).toMatchObject({ taxableAmount: -1_234n, taxAmount: -208n });
    expect(invoice.lines[2]!.taxes).toEqual([
      { code: 'CGST', percentage: '9', taxable: -1_122n, amount: -101n },
      { code: 'SGST', percentage: '9', taxable: -1_122n, amount: -101n },
      { code: 'CGST', percentage: '2.5', taxable: -112n, amount: -3n },
      { code: 'SGST', percentage: '2.5', taxable: -112n, amount: -3n },
    ]);
    expect(invoice.taxSummary).toEqual([
      { code: 'CGST', percentage: '9', taxable: 98_877n, amount: 8_899n },
      { code: 'SGST', percentage: '9', taxable: 98_877n, amount: 8_899n },
      { code: 'CGST', percentage: '2.5', taxable: 9_889n, amount: 247n },
      { code: 'SGST', percentage: '2.5', taxable: 9_889n, amount: 247n },
    ]);
    // The totals are the lines': 110,000 − 1,234 taxable, 18,500 − 208 tax.
    expect(invoice).toMatchObject({ subtotal: 108_766n, tax: 18_292n, total: 127_058n, amountDue: 127_058n });
  });
});
