import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { adjustCustomerBalance, getCustomerBalances, listBalanceTransactions } from '../../customers';
import { InvoiceDraft, issueInvoices } from './issue-invoices';
import { getInvoice } from './get-invoice';

const ACME = { invoicePrefix: 'ACME-', paymentTermsDays: 30, invoicesPerMonth: null };

describe('issueInvoices (real tenant database)', () => {
  let db: MigratedTenantDb;
  let customerId: string;
  beforeAll(async () => {
    db = await migratedTenantDb('issue_invoices_uc');
    customerId = await seedCustomer(db.pool);
  });
  afterAll(() => db.drop());

  const draft = (unitAmount: bigint, quantity = 1): InvoiceDraft => ({ customerId, currency: 'KES', lines: [{ description: 'Seats', quantity, unitAmount }] });

  it('numbers a batch gaplessly with the tenant prefix (the trailing dash is the separator) and stores totals, lines and terms', async () => {
    const issuedAt = new Date('2026-03-01T10:00:00Z');
    const issued = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draft(1000n, 3), draft(500n)], issuedAt));
    expect(issued.map((invoice) => invoice.number)).toEqual(['ACME-000001', 'ACME-000002']);
    expect(issued.map((invoice) => invoice.total)).toEqual([3000n, 500n]);

    const first = await getInvoice(db.db, issued[0]!.id);
    expect(first).toMatchObject({ status: 'open', amountDue: 3000n, amountPaid: 0n, paidAt: null, issuedAt, dueAt: new Date('2026-03-31T10:00:00Z') });
    expect(first.lines).toMatchObject([{ position: 0, description: 'Seats', quantity: 3, unitAmount: 1000n, amount: 3000n }]);
  });

  it('a rolled-back batch leaves no gap in the numbering', async () => {
    await expect(
      inTransaction(db.pool, async (client) => {
        await issueInvoices(client, ACME, [draft(100n)]);
        throw new Error('the caller fails after issuing');
      }),
    ).rejects.toThrow('the caller fails');
    const [next] = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draft(100n)]));
    expect(next!.number).toBe('ACME-000003');
  });

  it('issues a zero-total invoice paid at issue time, as the invoice machine finalizes it', async () => {
    const issuedAt = new Date('2026-03-02T00:00:00Z');
    const [free] = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draft(0n)], issuedAt));
    expect(await getInvoice(db.db, free!.id)).toMatchObject({ status: 'paid', amountDue: 0n, paidAt: issuedAt });
  });

  it('stores text exactly as given, whatever array-literal syntax it holds (quotes, backslashes, braces, commas, NULL); a draft, so no number is taken', async () => {
    const awkward = ['Cable "Cat6", 2 m', 'C:\\billing\\{spare}', 'NULL', '', 'ünïcødé ₹'];
    const [issued] = await inTransaction(db.pool, (client) =>
      issueInvoices(client, ACME, [{ customerId, currency: 'KES', asDraft: { autoFinalizeAt: null }, memo: 'PO "7" \\ {a,b}', lines: awkward.map((description) => ({ description, quantity: 1, unitAmount: 100n })) }]),
    );
    const invoice = await getInvoice(db.db, issued!.id);
    expect(invoice.memo).toBe('PO "7" \\ {a,b}');
    expect(invoice.lines.map((line) => line.description)).toEqual(awkward);
  });

  it('issues nothing and reserves no number for an empty batch', async () => {
    expect(await inTransaction(db.pool, (client) => issueInvoices(client, ACME, []))).toEqual([]);
    const { rows } = await db.pool.query<{ next: string }>('SELECT next::text FROM invoice_sequence WHERE id = 1');
    expect(rows[0]!.next).toBe('5');
  });

  describe('customer credit at finalization', () => {
    const draftFor = (customer: string, unitAmount: bigint, currency = 'KES'): InvoiceDraft => ({ customerId: customer, currency, lines: [{ description: 'Seats', quantity: 1, unitAmount }] });
    const balances = async (customer: string) => Object.fromEntries((await getCustomerBalances(db.db, customer)).map((b) => [b.currency, b.balance]));

    it('a batch takes credit oldest invoice first, in the invoice currency only, and shows it on the invoices', async () => {
      const holder = await seedCustomer(db.pool);
      const nobody = await seedCustomer(db.pool);
      await adjustCustomerBalance(db.db, { customerId: holder, currency: 'KES', amount: 4_000n, reason: 'goodwill' });
      await adjustCustomerBalance(db.db, { customerId: holder, currency: 'USD', amount: 900n, reason: 'goodwill' });
      const issuedAt = new Date('2026-04-01T00:00:00Z');

      const [first, second, third, other] = await inTransaction(db.pool, (client) =>
        issueInvoices(client, ACME, [draftFor(holder, 3_000n), draftFor(holder, 2_500n), draftFor(holder, 1_000n), draftFor(nobody, 700n)], issuedAt),
      );

      // 40.00 of credit: the first (30.00) is covered and paid, the second takes the last 10.00, the third nothing.
      expect(await getInvoice(db.db, first!.id)).toMatchObject({ status: 'paid', total: 3_000n, creditApplied: 3_000n, amountDue: 0n, amountPaid: 0n, paidAt: issuedAt });
      expect(await getInvoice(db.db, second!.id)).toMatchObject({ status: 'open', total: 2_500n, creditApplied: 1_000n, amountDue: 1_500n });
      expect(await getInvoice(db.db, third!.id)).toMatchObject({ status: 'open', creditApplied: 0n, amountDue: 1_000n });
      expect(await getInvoice(db.db, other!.id)).toMatchObject({ status: 'open', creditApplied: 0n, amountDue: 700n });
      expect([first!.amountDue, second!.amountDue, third!.amountDue]).toEqual([0n, 1_500n, 1_000n]);
      expect(await balances(holder)).toEqual({ KES: 0n, USD: 900n }); // USD credit never pays a KES invoice

      const ledger = (await listBalanceTransactions(db.db, holder, { limit: 10 })).data;
      // One batch's movements share a millisecond: their running balances give their order.
      const applied = ledger.filter((row) => row.type === 'applied_to_invoice').sort((a, b) => Number(b.endingBalance - a.endingBalance));
      expect(applied.map((row) => [row.amount, row.endingBalance, row.invoiceId])).toEqual([
        [-3_000n, 1_000n, first!.id],
        [-1_000n, 0n, second!.id],
      ]);
    });

    it('a negative total is finalized as paid with nothing due and its surplus credited, then pays the next invoice', async () => {
      const customer = await seedCustomer(db.pool);
      const [credit] = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draftFor(customer, -2_000n)]));
      expect(await getInvoice(db.db, credit!.id)).toMatchObject({ status: 'paid', total: -2_000n, creditApplied: -2_000n, amountDue: 0n });
      expect(await balances(customer)).toEqual({ KES: 2_000n });
      expect((await listBalanceTransactions(db.db, customer, { limit: 10 })).data.map((row) => [row.type, row.amount, row.invoiceId])).toEqual([['invoice_surplus', 2_000n, credit!.id]]);

      const [next] = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draftFor(customer, 5_000n)]));
      expect(await getInvoice(db.db, next!.id)).toMatchObject({ status: 'open', creditApplied: 2_000n, amountDue: 3_000n });
      expect(await balances(customer)).toEqual({ KES: 0n });
    });

    it('touches no balance when nobody in the batch holds credit', async () => {
      const customer = await seedCustomer(db.pool);
      await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [draftFor(customer, 1_000n)]));
      expect(await getCustomerBalances(db.db, customer)).toEqual([]);
    });
  });
  it("a customer's own payment terms decide its due date; the others keep the tenant's", async () => {
    const issuedAt = new Date('2026-04-01T10:00:00Z');
    const ownTerms = await seedCustomer(db.pool);
    await db.pool.query('UPDATE customers SET payment_terms_days = 7 WHERE id = $1', [ownTerms]);
    const [own, tenantDefault] = await inTransaction(db.pool, (client) => issueInvoices(client, ACME, [{ ...draft(100n), customerId: ownTerms }, draft(100n)], issuedAt));
    expect((await getInvoice(db.db, own!.id)).dueAt).toEqual(new Date('2026-04-08T10:00:00Z'));
    expect((await getInvoice(db.db, tenantDefault!.id)).dueAt).toEqual(new Date('2026-05-01T10:00:00Z'));
  });
});
