import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedCustomer } from '../../../../../test/support/migrated-tenant-db';
import { InvoiceDraft, issueInvoices } from './issue-invoices';
import { getInvoice } from './get-invoice';

const ACME = { invoicePrefix: 'ACME-', paymentTermsDays: 30 };

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

  it('issues nothing and reserves no number for an empty batch', async () => {
    expect(await inTransaction(db.pool, (client) => issueInvoices(client, ACME, []))).toEqual([]);
    const { rows } = await db.pool.query<{ next: string }>('SELECT next::text FROM invoice_sequence WHERE id = 1');
    expect(rows[0]!.next).toBe('5');
  });
});
