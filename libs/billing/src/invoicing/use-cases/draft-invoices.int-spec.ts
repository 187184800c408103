// Drafts on a real tenant database: only finalization takes a number (gapless however many
// finalize at once, by hand and by the worker's run), an edit re-prices the draft with the tax
// code of issuance, a draft takes no credit until it is finalized, and only a draft is edited or deleted.
import { inTransaction } from '@nova/common';
import { ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { addCustomerTaxId, adjustCustomerBalance, createCustomer } from '../../customers';
import { createTaxRate, putTaxProfile } from '../../tax';
import { createInvoice } from './create-invoice';
import { deleteDraftInvoiceById, editDraftInvoice } from './edit-draft-invoice';
import { finalizeDueDrafts, finalizeInvoice } from './finalize-invoices';
import { getInvoice } from './get-invoice';
import { issueInvoices } from './issue-invoices';

const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };
const DAY_MS = 86_400_000;

describe('draft invoices (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('draft_invoices_uc');
  });
  afterAll(() => db.drop());

  const line = (unitAmount: bigint, description = 'Consulting day') => ({ description, quantity: 1, unitAmount });
  const numbers = async () => (await db.pool.query<{ number: string | null }>('SELECT number FROM invoices ORDER BY sequence NULLS LAST')).rows.map((row) => row.number);

  it('numbers only at finalization: gapless and unique when hand finalizations and the worker\'s runs race', async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const first = await createInvoice(db.db, SETTINGS, { customerId, lines: [line(10_000n)] });
    expect(first.number).toBe('INV-000001');
    const byHand = await Promise.all([1, 2, 3, 4, 5].map((n) => createInvoice(db.db, SETTINGS, { customerId, lines: [line(BigInt(n) * 1_000n)], draft: true })));
    expect(byHand.map((draft) => [draft.status, draft.number, draft.autoFinalizeAt])).toEqual(byHand.map(() => ['draft', null, null]));
    const past = new Date(Date.now() - 60_000);
    const due = await inTransaction(db.pool, (client) =>
      issueInvoices(client, SETTINGS, [6, 7, 8, 9, 10, 11].map((n) => ({ customerId, currency: 'KES', lines: [line(BigInt(n) * 1_000n)], asDraft: { autoFinalizeAt: past } }))),
    );
    expect(due.every((draft) => draft.number === null)).toBe(true);
    // A draft still waiting is left alone by the worker.
    const [waiting] = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [{ customerId, currency: 'KES', lines: [line(500n)], asDraft: { autoFinalizeAt: new Date(Date.now() + 3_600_000) } }]));

    // Every hand finalization twice (a double click), and three worker runs, all at once.
    const results = await Promise.allSettled([
      ...byHand.flatMap((draft) => [finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id }), finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id })]),
      finalizeDueDrafts(db.pool, SETTINGS, new Date(), 2),
      finalizeDueDrafts(db.pool, SETTINGS, new Date(), 2),
      finalizeDueDrafts(db.pool, SETTINGS, new Date(), 2),
    ]);
    const refused = results.filter((result) => result.status === 'rejected');
    // Exactly one of each double click loses, and with the machine's 409 (the draft is open by then).
    expect(refused).toHaveLength(byHand.length);
    for (const result of refused) expect((result as PromiseRejectedResult).reason).toMatchObject({ code: ErrorCode.InvalidState });
    const workerFinalized = results.slice(-3).reduce((sum, result) => sum + (result.status === 'fulfilled' ? (result.value as number) : 0), 0);
    expect(workerFinalized).toBe(due.length);

    expect(await numbers()).toEqual([...Array.from({ length: 12 }, (_, i) => `INV-${String(i + 1).padStart(6, '0')}`), null]);
    const finalized = await getInvoice(db.db, due[0]!.id);
    expect(finalized).toMatchObject({ status: 'open', autoFinalizeAt: null, amountDue: 6_000n });
    expect(finalized.dueAt.getTime() - finalized.issuedAt.getTime()).toBe(14 * DAY_MS);
    expect(await getInvoice(db.db, waiting!.id)).toMatchObject({ status: 'draft', number: null });
    // Run again: nothing more is due (idempotent).
    expect(await finalizeDueDrafts(db.pool, SETTINGS)).toBe(0);
  });

  it('re-prices a draft on each edit with the tax of issuance, takes credit only when finalized, keeps a due date set by hand', async () => {
    const gst18 = (await createTaxRate(db.db, { name: 'GST 18%', country: 'IN', percentage: '18' })).id;
    const gst5 = (await createTaxRate(db.db, { name: 'GST 5%', country: 'IN', percentage: '5' })).id;
    await putTaxProfile(db.db, {
      legalName: 'Nimbus Cloud Pvt Ltd',
      country: 'IN',
      address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' },
      taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }],
      defaultTaxRateId: gst18,
    });
    const { id: customerId } = await createCustomer(db.db, { name: 'Kaveri Traders', email: 'kaveri@example.test', address: { city: 'Bengaluru', country: 'IN' } }, { customers: null });
    await addCustomerTaxId(db.db, { customerId, type: 'in_gstin', value: '29AAACC1206D1ZC' });
    await adjustCustomerBalance(db.db, { customerId, currency: 'INR', amount: 1_000n, reason: 'Deposit' });

    const draft = await createInvoice(db.db, SETTINGS, { customerId, currency: 'INR', lines: [line(10_050n, 'Cloud hosting')], draft: true });
    // ₹100.50 at 18 % intra-state: CGST and SGST of 9.045 each rounded to 9.04.
    expect(draft).toMatchObject({ status: 'draft', number: null, tax: 1_808n, total: 11_858n, amountDue: 11_858n, creditApplied: 0n, placeOfSupply: '29' });

    const dueAt = new Date(Date.now() + 30 * DAY_MS);
    const edited = await editDraftInvoice(db.db, {
      invoiceId: draft.id,
      memo: 'PO 4471',
      dueAt,
      addLines: [{ ...line(20_000n, 'Printed manuals'), taxRateId: gst5 }],
      discounts: [{ description: 'Loyalty', amount: 50n }],
    });
    // 100.50 + 200.00 - 0.50: the hosting line at 18 % (9.04 + 9.04), the manuals at 5 % (5.00 + 5.00); the discount lowers both
    // pro rata (spreadDiscountTax): -0.17 of the hosting (-0.0153 per half → -0.02) and -0.33 of the manuals (-0.00825 → -0.01).
    expect(edited.lines.map((l) => [l.description, l.amount, l.taxes.map((t) => `${t.code} ${t.percentage} ${t.amount}`)])).toEqual([
      ['Cloud hosting', 10_050n, ['CGST 9 904', 'SGST 9 904']],
      ['Printed manuals', 20_000n, ['CGST 2.5 500', 'SGST 2.5 500']],
      ['Loyalty', -50n, ['CGST 9 -2', 'SGST 9 -2', 'CGST 2.5 -1', 'SGST 2.5 -1']],
    ]);
    expect(edited).toMatchObject({ status: 'draft', number: null, memo: 'PO 4471', dueAt, subtotal: 30_000n, tax: 2_802n, total: 32_802n, amountDue: 32_802n, creditApplied: 0n });
    expect(edited.taxSummary.map((t) => `${t.code} ${t.percentage} ${t.taxable} ${t.amount}`)).toEqual(['CGST 9 10033 902', 'SGST 9 10033 902', 'CGST 2.5 19967 499', 'SGST 2.5 19967 499']);

    const removed = await editDraftInvoice(db.db, { invoiceId: draft.id, removeLines: [1] });
    expect(removed).toMatchObject({ subtotal: 10_000n, tax: 1_800n, total: 11_800n, memo: 'PO 4471' });
    await expect(editDraftInvoice(db.db, { invoiceId: draft.id, removeLines: [5] })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'removeLines' }] } });
    await expect(editDraftInvoice(db.db, { invoiceId: draft.id, addLines: [{ description: '', quantity: 1, unitAmount: 1n }] })).rejects.toMatchObject({ details: { fields: [{ field: 'addLines[0].description' }] } });

    const final = await finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id });
    expect(final).toMatchObject({ status: 'open', total: 11_800n, creditApplied: 1_000n, amountDue: 10_800n, dueAt, memo: 'PO 4471' });
    expect(final.number).toMatch(/^INV-\d{6}$/);
    expect(final.taxSnapshot?.buyer.taxIds).toEqual([{ type: 'in_gstin', value: '29AAACC1206D1ZC' }]);

    // Finalized: its content never changes, and it is voided, not deleted.
    await expect(editDraftInvoice(db.db, { invoiceId: draft.id, memo: 'late' })).rejects.toMatchObject({ code: ErrorCode.InvalidState, message: expect.stringContaining('only a draft can be edited') });
    await expect(deleteDraftInvoiceById(db.db, { invoiceId: draft.id })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
  });

  it('writes only the lines and tax rows a re-pricing changed: finalizing an unedited draft rewrites none of them', async () => {
    const gst18 = (await createTaxRate(db.db, { name: 'GST 18% (lines)', country: 'IN', percentage: '18' })).id;
    await putTaxProfile(db.db, { legalName: 'Nimbus Cloud Pvt Ltd', country: 'IN', address: { state: 'Karnataka', country: 'IN' }, taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }], defaultTaxRateId: gst18 });
    const { id: customerId } = await createCustomer(db.db, { name: 'Hampi Crafts', email: 'hampi@example.test', address: { city: 'Mysuru', country: 'IN' } }, { customers: null });
    await addCustomerTaxId(db.db, { customerId, type: 'in_gstin', value: '29AAACC1206D1ZC' });
    const draft = await createInvoice(db.db, SETTINGS, { customerId, currency: 'INR', lines: [line(10_000n, 'Setup'), line(25_000n, 'Support')], draft: true });
    const stored = async () => ({
      lines: (await db.pool.query('SELECT id, position, description FROM invoice_lines WHERE invoice_id = $1 ORDER BY position', [draft.id])).rows,
      taxes: (await db.pool.query('SELECT id, line_position, position, code, amount::text FROM invoice_line_taxes WHERE invoice_id = $1 ORDER BY line_position, position', [draft.id])).rows,
    });
    const lineEntries = async () => Number((await db.pool.query(`SELECT count(*) FROM audit_log WHERE object_type IN ('invoice_line', 'invoice_line_tax')`)).rows[0].count);
    const issued = await stored();
    expect(issued.taxes.map((tax) => `${tax.line_position} ${tax.code} ${tax.amount}`)).toEqual(['0 CGST 900', '0 SGST 900', '1 CGST 2250', '1 SGST 2250']);

    // The first line removed: the second moves to position 0 (updated in place, same row), position 1 goes.
    const before = await lineEntries();
    await editDraftInvoice(db.db, { invoiceId: draft.id, removeLines: [0] });
    const edited = await stored();
    expect(edited.lines).toEqual([{ id: issued.lines[0]!.id, position: 0, description: 'Support' }]);
    expect(edited.taxes.map((tax) => [tax.id, `${tax.line_position} ${tax.code} ${tax.amount}`])).toEqual([[issued.taxes[0]!.id, '0 CGST 2250'], [issued.taxes[1]!.id, '0 SGST 2250']]);
    // One line and two tax rows updated, one line and two tax rows deleted.
    expect((await lineEntries()) - before).toBe(6);

    // Finalized as it was: the same rows, not one of them written again.
    const afterEdit = await lineEntries();
    const final = await finalizeInvoice(db.db, SETTINGS, { invoiceId: draft.id });
    expect(final).toMatchObject({ status: 'open', subtotal: 25_000n, tax: 4_500n, total: 29_500n });
    expect(await stored()).toEqual(edited);
    expect(await lineEntries()).toBe(afterEdit);
  });

  it('deletes a draft with its lines and leaves no gap', async () => {
    const customerId = await seedCustomer(db.pool, 'KES');
    const draft = await createInvoice(db.db, SETTINGS, { customerId, lines: [line(7_000n)], draft: true });
    await deleteDraftInvoiceById(db.db, { invoiceId: draft.id });
    await expect(getInvoice(db.db, draft.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect((await db.pool.query('SELECT 1 FROM invoice_lines WHERE invoice_id = $1', [draft.id])).rowCount).toBe(0);
    const next = await createInvoice(db.db, SETTINGS, { customerId, lines: [line(7_000n)] });
    const all = (await numbers()).filter((n): n is string => n !== null);
    expect(next.number).toBe(all[all.length - 1]);
    expect(all.map((n) => Number(n.slice(4)))).toEqual(all.map((_, i) => i + 1));
  });
});
