// The tax summary report on a real tenant database, from invoices issued through the one issuance:
// supplies by treatment and tax by component sum to the invoices; void invoices and other
// currencies stay out; credit notes are reported; the CSV carries the same figures.
import { inTransaction } from '@nova/common';
import { addCustomerTaxId, createCustomer, createTaxRate, getTaxReport, issueCreditNote, issueInvoices, putTaxProfile, taxReportCsv, voidInvoice } from '@nova/billing';
import { MigratedTenantDb, migratedTenantDb } from '../support/migrated-tenant-db';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 15, invoicesPerMonth: null };

describe('tax report (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('tax_report_uc');
  });
  afterAll(() => db.drop());

  it('sums supplies by treatment and tax by component and rate, as issued', async () => {
    const gst18 = (await createTaxRate(db.db, { name: 'GST 18%', country: 'IN', percentage: '18' })).id;
    await putTaxProfile(db.db, { legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], defaultTaxRateId: gst18 });
    const karnataka = (await createCustomer(db.db, { name: 'Kaveri', email: 'k@example.test', address: { country: 'IN' } }, { customers: null })).id;
    await addCustomerTaxId(db.db, { customerId: karnataka, type: 'in_gstin', value: '29AAACC1206D1ZC' });
    const maharashtra = (await createCustomer(db.db, { name: 'Sahyadri', email: 's@example.test', address: { country: 'IN' } }, { customers: null })).id;
    await addCustomerTaxId(db.db, { customerId: maharashtra, type: 'in_gstin', value: '27AAPFU0939F1ZV' });
    const kenya = (await createCustomer(db.db, { name: 'Mwangi', email: 'm@example.test', address: { country: 'KE' } }, { customers: null })).id;
    const line = (unitAmount: bigint) => [{ description: 'Hosting', quantity: 1, unitAmount }];

    // Credit notes are dated when they are issued (now), so the period is the last few days.
    const issuedAt = new Date(Date.now() - 3_600_000);
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    const issued = await inTransaction(db.pool, (client) =>
      issueInvoices(
        client,
        SETTINGS,
        [
          { customerId: karnataka, currency: 'INR', lines: line(10_050n) },
          { customerId: karnataka, currency: 'INR', lines: line(99_999n) },
          { customerId: maharashtra, currency: 'INR', lines: line(250_000n) },
          { customerId: kenya, currency: 'INR', lines: line(40_000n) },
          { customerId: maharashtra, currency: 'INR', lines: line(1_000n) },
          { customerId: kenya, currency: 'USD', lines: line(5_000n) },
        ],
        issuedAt,
      ),
    );
    await voidInvoice(db.db, { invoiceId: issued[4]!.id });
    await issueCreditNote(db.db, { invoiceId: issued[2]!.id, amount: 29_500n, reason: 'other' });

    const report = await getTaxReport(db.db, { ...period, currency: 'INR' });
    expect(report.supplies).toEqual([
      { currency: 'INR', treatment: 'taxable', invoices: 3, taxable: 360_049n, tax: 1_808n + 18_000n + 45_000n },
      { currency: 'INR', treatment: 'zero_rated_export', invoices: 1, taxable: 40_000n, tax: 0n },
    ]);
    expect(report.components).toEqual([
      { currency: 'INR', code: 'CGST', percentage: '9', invoices: 2, taxable: 110_049n, tax: 904n + 9_000n },
      { currency: 'INR', code: 'IGST', percentage: '18', invoices: 1, taxable: 250_000n, tax: 45_000n },
      { currency: 'INR', code: 'SGST', percentage: '9', invoices: 2, taxable: 110_049n, tax: 904n + 9_000n },
    ]);
    // The components add up to the supplies' tax, and the credit note's tax share is reported.
    expect(report.components.reduce((sum, row) => sum + row.tax, 0n)).toBe(report.supplies.reduce((sum, row) => sum + row.tax, 0n));
    expect(report.creditNotes).toEqual([{ currency: 'INR', creditNotes: 1, amount: 29_500n, tax: 4_500n }]);
    expect(report.creditNoteComponents).toEqual([{ currency: 'INR', code: 'IGST', percentage: '18', creditNotes: 1, tax: 4_500n }]);

    const csv = taxReportCsv(report).trim().split('\n');
    expect(csv[0]).toBe('section,currency,treatment,code,percentage,count,taxable_value,tax');
    expect(csv).toContain('supply,INR,zero_rated_export,,,1,40000,0');
    expect(csv).toContain('tax,INR,taxable,IGST,18,1,250000,45000');
    expect(csv).toContain('credit_notes,INR,,,,1,25000,4500');
    expect(csv).toContain('credit_note_tax,INR,,IGST,18,1,,4500');

    const everyCurrency = await getTaxReport(db.db, period);
    expect(everyCurrency.supplies.map((row) => `${row.currency} ${row.treatment}`)).toEqual(['INR taxable', 'INR zero_rated_export', 'USD zero_rated_export']);
    await expect(getTaxReport(db.db, { currency: 'XXY' })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
  });
});
