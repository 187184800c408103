// Issuance with tax on a real tenant database: a Karnataka seller's batch to a Karnataka business
// (CGST + SGST, each rounded), a Maharashtra one (IGST), an export, an exempt and a reverse-charge
// customer, a price taxed through its product, inclusive prices; lines, components and the snapshot.
import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedPrice } from '../../../../../test/support/migrated-tenant-db';
import { addCustomerTaxId, createCustomer, updateCustomer } from '../../customers';
import { createTaxRate, deleteTaxRate, putTaxProfile } from '../../tax';
import type { TenantDatabase } from '@nova/tenant-db';
import { type IssueCreditNoteCommand, issueCreditNoteWithin } from './credit-notes';

/** Invoicing's part of issuing a credit note (the API's goes through collection). */
const issueCreditNote = (tenant: TenantDatabase, command: IssueCreditNoteCommand) => inTransaction(tenant.pool, async (client) => (await issueCreditNoteWithin(client, command)).note);
import { getInvoice } from './get-invoice';
import { type InvoiceDraft, issueInvoices } from './issue-invoices';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 15, invoicesPerMonth: null };

describe('issueInvoices with tax (real tenant database)', () => {
  let db: MigratedTenantDb;
  let gst18: string;
  beforeAll(async () => {
    db = await migratedTenantDb('issue_invoices_tax_uc');
    gst18 = (await createTaxRate(db.db, { name: 'GST 18%', country: 'IN', percentage: '18' })).id;
    await putTaxProfile(db.db, {
      legalName: 'Nimbus Cloud Pvt Ltd',
      country: 'IN',
      address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' },
      taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }],
      defaultTaxRateId: gst18,
    });
  });
  afterAll(() => db.drop());

  async function customer(name: string, address: Record<string, unknown>, gstin?: string): Promise<string> {
    const created = await createCustomer(db.db, { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.test`, address }, { customers: null });
    if (gstin) await addCustomerTaxId(db.db, { customerId: created.id, type: 'in_gstin', value: gstin });
    return created.id;
  }
  const line = (unitAmount: bigint) => ({ description: 'Cloud hosting', quantity: 1, unitAmount });
  const draftFor = (customerId: string, ...lines: InvoiceDraft['lines']): InvoiceDraft => ({ customerId, currency: 'INR', lines });

  it('taxes a batch per place of supply, each component rounded on its own, and snapshots both parties', async () => {
    const karnataka = await customer('Kaveri Traders', { line1: '4 Residency Rd', city: 'Bengaluru', country: 'IN' }, '29AAACC1206D1ZC');
    const maharashtra = await customer('Sahyadri Foods', { city: 'Pune', country: 'IN' }, '27AAPFU0939F1ZV');
    const kenya = await customer('Mwangi Farms', { city: 'Nairobi', country: 'KE' });
    const issued = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [draftFor(karnataka, line(10_050n)), draftFor(maharashtra, line(10_050n)), draftFor(kenya, line(10_050n))]));

    const [intra, inter, exported] = await Promise.all(issued.map((invoice) => getInvoice(db.db, invoice.id)));
    // ₹100.50 at 18 %: 9.045 per half, each rounded half-even to 9.04 → 18.08 (not 18.09 rounded once).
    expect(intra).toMatchObject({ subtotal: 10_050n, tax: 1_808n, total: 11_858n, amountDue: 11_858n, taxTreatment: 'taxable', placeOfSupply: '29' });
    expect(intra.lines[0]).toMatchObject({ taxableAmount: 10_050n, taxAmount: 1_808n, taxes: [{ code: 'CGST', percentage: '9', taxable: 10_050n, amount: 904n }, { code: 'SGST', percentage: '9', taxable: 10_050n, amount: 904n }] });
    expect(intra.taxSnapshot).toEqual({
      seller: { name: 'Nimbus Cloud Pvt Ltd', address: '12 MG Road, Bengaluru, Karnataka, IN', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }] },
      buyer: { name: 'Kaveri Traders', address: '4 Residency Rd, Bengaluru, IN', country: 'IN', taxIds: [{ type: 'in_gstin', value: '29AAACC1206D1ZC' }] },
    });
    expect(inter).toMatchObject({ tax: 1_809n, total: 11_859n, placeOfSupply: '27' });
    expect(inter.lines[0]!.taxes).toEqual([{ code: 'IGST', percentage: '18', taxable: 10_050n, amount: 1_809n }]);
    expect(exported).toMatchObject({ tax: 0n, total: 10_050n, taxTreatment: 'zero_rated_export', taxNote: expect.stringMatching(/^Export of services/), placeOfSupply: null });
    expect(exported.lines[0]!.taxes).toEqual([]);

    // A credit note's tax share is split per component: half the invoice (5,929 of 11,858) carries 904 of tax, 452 + 452.
    const note = await issueCreditNote(db.db, { invoiceId: intra.id, amount: 5_929n, reason: 'other' });
    expect(note).toMatchObject({ taxAmount: 904n, taxComponents: [{ code: 'CGST', percentage: '9', amount: 452n }, { code: 'SGST', percentage: '9', amount: 452n }] });
    expect((await issueCreditNote(db.db, { invoiceId: exported.id, amount: 1_000n, reason: 'other' })).taxComponents).toEqual([]);

    // Later edits of the customer do not rewrite the issued invoice.
    await updateCustomer(db.db, { id: karnataka, name: 'Kaveri Traders LLP' });
    expect((await getInvoice(db.db, intra.id)).taxSnapshot!.buyer.name).toBe('Kaveri Traders');
  });

  it('exempt and reverse-charge customers are charged nothing and the invoice says why', async () => {
    const exempt = await customer('Embassy', { country: 'IN', state: 'Karnataka' });
    await updateCustomer(db.db, { id: exempt, taxStatus: 'exempt' });
    const reverse = await customer('Import Co', { country: 'IN', state: '29' });
    await updateCustomer(db.db, { id: reverse, taxStatus: 'reverse_charge' });
    const issued = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [draftFor(exempt, line(50_000n)), draftFor(reverse, line(50_000n))]));
    const [exemptInvoice, reverseInvoice] = await Promise.all(issued.map((invoice) => getInvoice(db.db, invoice.id)));
    expect(exemptInvoice).toMatchObject({ tax: 0n, total: 50_000n, taxTreatment: 'exempt', taxNote: 'Exempt supply: no GST charged' });
    expect(reverseInvoice).toMatchObject({ tax: 0n, taxTreatment: 'reverse_charge', taxNote: expect.stringMatching(/^Reverse charge/) });
  });

  it("a price takes its product's rate and HSN/SAC code; inclusive rates are backed out exactly", async () => {
    const inclusive = (await createTaxRate(db.db, { name: 'GST 18% incl.', country: 'IN', percentage: '18', taxBehavior: 'inclusive' })).id;
    const priceId = await seedPrice(db.pool, { currency: 'INR', unitAmount: 118_000n });
    const { rows } = await db.pool.query<{ id: string }>(`INSERT INTO products (id, name, tax_code, tax_rate_id, updated_at) VALUES (gen_random_uuid(), 'Hosting', '998315', $1, now()) RETURNING id`, [inclusive]);
    await db.pool.query('UPDATE plans SET product_id = $1 WHERE id = (SELECT plan_id FROM prices WHERE id = $2)', [rows[0]!.id, priceId]);
    const buyer = await customer('Kaveri Retail', { country: 'IN', state: 'Karnataka' });

    const [issued] = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [draftFor(buyer, { ...line(118_000n), priceId }, line(10_000n))]));
    const invoice = await getInvoice(db.db, issued!.id);
    // ₹1,180.00 including 18 % is 1,000.00 + 90.00 + 90.00; the second line takes the profile's default (exclusive) rate.
    expect(invoice.lines[0]).toMatchObject({ amount: 118_000n, taxableAmount: 100_000n, taxAmount: 18_000n, taxCode: '998315' });
    expect(invoice.lines[1]).toMatchObject({ amount: 10_000n, taxableAmount: 10_000n, taxAmount: 1_800n, taxCode: null });
    expect(invoice).toMatchObject({ subtotal: 110_000n, tax: 19_800n, total: 129_800n });
  });

  it('a line naming a rate the tenant does not have is a 400 on that line', async () => {
    const buyer = await customer('Nobody', { country: 'IN', state: '29' });
    await expect(
      inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [draftFor(buyer, line(100n), { ...line(100n), taxRateId: '00000000-0000-4000-8000-000000000000' })])),
    ).rejects.toMatchObject({ details: { fields: [{ field: 'lines.1.taxRateId' }] } });
  });

  it('a rate on an issued invoice cannot be deleted, only archived', async () => {
    const rate = (await createTaxRate(db.db, { name: 'GST 5%', country: 'IN', percentage: '5' })).id;
    const buyer = await customer('Once', { country: 'IN', state: '29' });
    await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [draftFor(buyer, { ...line(100n), taxRateId: rate })]));
    await expect(deleteTaxRate(db.db, rate)).rejects.toMatchObject({ code: 'invalid_state' });
  });
});
