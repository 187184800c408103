// Drafts are not issued yet: the revenue report and the tax report leave them out until they are
// finalized, and then count them (real tenant database, through the one issuance and finalization).
import { createInvoice, createTaxRate, finalizeInvoice, getRevenueReport, getTaxReport, putTaxProfile } from '@nova/billing';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../support/migrated-tenant-db';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 15, invoicesPerMonth: null };

describe('drafts in the reports (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('draft_reports_uc');
  });
  afterAll(() => db.drop());

  it('counts a draft as revenue and as a taxable supply only once it is finalized', async () => {
    const vat = (await createTaxRate(db.db, { name: 'VAT 16%', country: 'KE', percentage: '16' })).id;
    await putTaxProfile(db.db, { legalName: 'Savanna Networks Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxRateId: vat });
    const customerId = await seedCustomer(db.pool, 'KES');
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    await createInvoice(db.db, SETTINGS, { customerId, lines: [{ description: 'Router', quantity: 1, unitAmount: 10_000n }] });
    const draft = await createInvoice(db.db, SETTINGS, { customerId, lines: [{ description: 'Installation', quantity: 1, unitAmount: 5_000n }], draft: true });
    expect(draft).toMatchObject({ status: 'draft', total: 5_800n });

    const invoiced = async () => (await getRevenueReport(db.db, period)).months.map((month) => [month.currency, month.invoiced]);
    const supplies = async () => (await getTaxReport(db.db, { ...period, currency: 'KES' })).supplies.map((row) => [row.invoices, row.taxable, row.tax]);
    expect(await invoiced()).toEqual([['KES', 11_600]]);
    expect(await supplies()).toEqual([[1, 10_000n, 1_600n]]);

    await finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id });
    expect(await invoiced()).toEqual([['KES', 17_400]]);
    expect(await supplies()).toEqual([[2, 15_000n, 2_400n]]);
  });
});
