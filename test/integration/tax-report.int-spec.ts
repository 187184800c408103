// The tax summary report on a real tenant database, from invoices issued through the one issuance:
// supplies by treatment and tax by component sum to the invoices; void invoices and other
// currencies stay out; credit notes are reported on their own and netted; the months are the
// tenant's local months; the CSV carries the same figures.
import { inTransaction } from '@nova/common';
import { addCustomerTaxId, createCustomer, createInvoice, createTaxRate, finalizeInvoice, getInvoice, getTaxReport, issueCreditNote, issueInvoices, putTaxProfile, taxReportCsv, voidInvoice } from '@nova/billing';
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

    // The whole range at once (the period may straddle a month end).
    const report = await getTaxReport(db.db, { ...period, currency: 'INR', groupBy: 'range' });
    expect(report).toMatchObject({ groupBy: 'range', timeZone: 'UTC' });
    expect(report.supplies).toEqual([
      { month: null, currency: 'INR', treatment: 'taxable', invoices: 3, taxable: 360_049n, tax: 1_808n + 18_000n + 45_000n },
      { month: null, currency: 'INR', treatment: 'zero_rated_export', invoices: 1, taxable: 40_000n, tax: 0n },
    ]);
    expect(report.components).toEqual([
      { month: null, currency: 'INR', code: 'CGST', percentage: '9', invoices: 2, taxable: 110_049n, tax: 904n + 9_000n },
      { month: null, currency: 'INR', code: 'IGST', percentage: '18', invoices: 1, taxable: 250_000n, tax: 45_000n },
      { month: null, currency: 'INR', code: 'SGST', percentage: '9', invoices: 2, taxable: 110_049n, tax: 904n + 9_000n },
    ]);
    // The components add up to the supplies' tax; the credit note (by amount, on an IGST invoice) is on rows of its
    // own, with the taxable value it took back at its rate, and netted off the supplies and the tax.
    expect(report.components.reduce((sum, row) => sum + row.tax, 0n)).toBe(report.supplies.reduce((sum, row) => sum + row.tax, 0n));
    expect(report.creditNotes).toEqual([{ month: null, currency: 'INR', treatment: 'taxable', creditNotes: 1, amount: 29_500n, taxable: 25_000n, tax: 4_500n }]);
    expect(report.creditNoteComponents).toEqual([{ month: null, currency: 'INR', code: 'IGST', percentage: '18', creditNotes: 1, taxable: 25_000n, tax: 4_500n }]);
    expect(report.netSupplies).toEqual([
      { month: null, currency: 'INR', treatment: 'taxable', taxable: 360_049n - 25_000n, tax: 1_808n + 18_000n + 45_000n - 4_500n },
      { month: null, currency: 'INR', treatment: 'zero_rated_export', taxable: 40_000n, tax: 0n },
    ]);
    expect(report.netComponents).toEqual([
      { month: null, currency: 'INR', code: 'CGST', percentage: '9', taxable: 110_049n, tax: 9_904n },
      { month: null, currency: 'INR', code: 'IGST', percentage: '18', taxable: 225_000n, tax: 40_500n },
      { month: null, currency: 'INR', code: 'SGST', percentage: '9', taxable: 110_049n, tax: 9_904n },
    ]);

    const csv = taxReportCsv(report).trim().split('\n');
    expect(csv[0]).toBe('month,section,currency,treatment,code,percentage,count,taxable_value,tax');
    expect(csv).toContain(',supply,INR,zero_rated_export,,,1,40000,0');
    expect(csv).toContain(',tax,INR,taxable,IGST,18,1,250000,45000');
    expect(csv).toContain(',credit_notes,INR,taxable,,,1,25000,4500');
    expect(csv).toContain(',credit_note_tax,INR,,IGST,18,1,25000,4500');
    expect(csv).toContain(',net_tax,INR,,IGST,18,,225000,40500');

    const everyCurrency = await getTaxReport(db.db, { ...period, groupBy: 'range' });
    expect(everyCurrency.supplies.map((row) => `${row.currency} ${row.treatment}`)).toEqual(['INR taxable', 'INR zero_rated_export', 'USD zero_rated_export']);
    await expect(getTaxReport(db.db, { currency: 'XXY' })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
    await expect(getTaxReport(db.db, { groupBy: 'quarter' })).rejects.toMatchObject({ details: { fields: [{ field: 'groupBy' }] } });
  });

  it("groups by the tenant's local month of finalization, and nets a credit note off the month it was issued in", async () => {
    const kolkata = 'Asia/Kolkata';
    const gst18 = (await createTaxRate(db.db, { name: 'GST 18% (months)', country: 'IN', percentage: '18' })).id;
    await putTaxProfile(db.db, { legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], defaultTaxRateId: gst18 });
    const customerId = (await createCustomer(db.db, { name: 'Tapti', email: 't@example.test', currency: 'EUR', address: { country: 'IN' } }, { customers: null })).id;
    await addCustomerTaxId(db.db, { customerId, type: 'in_gstin', value: '27AAPFU0939F1ZV' }); // Maharashtra: IGST from Karnataka
    const lines = (unitAmount: bigint) => [{ description: 'Hosting', quantity: 1, unitAmount, taxRateId: gst18 }];
    // 20:00 UTC on 31 January is 01:30 on 1 February in Kolkata: February's return, not January's.
    const januaryLocal = new Date('2026-01-31T18:00:00Z'); // 23:30 IST, 31 January
    const februaryLocal = new Date('2026-01-31T20:00:00Z');
    const [january, february] = await inTransaction(db.pool, (client) =>
      issueInvoices(client, SETTINGS, [{ customerId, currency: 'EUR', lines: lines(10_000n) }], januaryLocal).then(async (first) => [
        ...first,
        ...(await issueInvoices(client, SETTINGS, [{ customerId, currency: 'EUR', lines: lines(20_000n) }], februaryLocal)),
      ]),
    );
    // A draft made in January and finalized in February counts in February: finalization dates it.
    const draft = await createInvoice(db.db, SETTINGS, { customerId, currency: 'EUR', lines: lines(5_000n), draft: true });
    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id, at: new Date('2026-02-10T06:00:00Z') });
    // A credit note by line on January's invoice, issued now: it lowers this month's figures, not January's.
    const januaryLine = (await getInvoice(db.db, january!.id)).lines[0]!;
    await issueCreditNote(db.db, { invoiceId: january!.id, lines: [{ invoiceLineId: januaryLine.id, amount: 5_900n }], reason: 'order_change' });
    expect(february).toBeDefined();

    const query = { from: new Date('2026-01-01T00:00:00+05:30'), to: new Date(Date.now() + 86_400_000), currency: 'EUR', timeZone: kolkata };
    const report = await getTaxReport(db.db, query);
    const thisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: kolkata, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    expect(report).toMatchObject({ groupBy: 'month', timeZone: kolkata });
    expect(report.components).toEqual([
      { month: '2026-01', currency: 'EUR', code: 'IGST', percentage: '18', invoices: 1, taxable: 10_000n, tax: 1_800n },
      { month: '2026-02', currency: 'EUR', code: 'IGST', percentage: '18', invoices: 2, taxable: 25_000n, tax: 4_500n },
    ]);
    expect(report.supplies.map((row) => [row.month, row.invoices, row.taxable])).toEqual([
      ['2026-01', 1, 10_000n],
      ['2026-02', 2, 25_000n],
    ]);
    expect(report.creditNoteComponents).toEqual([{ month: thisMonth, currency: 'EUR', code: 'IGST', percentage: '18', creditNotes: 1, taxable: 5_000n, tax: 900n }]);
    expect(report.netComponents).toEqual([
      { month: '2026-01', currency: 'EUR', code: 'IGST', percentage: '18', taxable: 10_000n, tax: 1_800n },
      { month: '2026-02', currency: 'EUR', code: 'IGST', percentage: '18', taxable: 25_000n, tax: 4_500n },
      { month: thisMonth, currency: 'EUR', code: 'IGST', percentage: '18', taxable: -5_000n, tax: -900n },
    ]);
    // In UTC the first February invoice is still January's.
    const utc = await getTaxReport(db.db, { ...query, from: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC' });
    expect(utc.components.map((row) => [row.month, row.invoices, row.taxable])).toEqual([
      ['2026-01', 2, 30_000n],
      ['2026-02', 1, 5_000n],
    ]);
    const csv = taxReportCsv(report).trim().split('\n');
    expect(csv).toContain('2026-02,tax,EUR,taxable,IGST,18,2,25000,4500');
    expect(csv.slice(1).map((row) => row.split(',')[0])).toEqual([...csv.slice(1).map((row) => row.split(',')[0])].sort());
  });
});
