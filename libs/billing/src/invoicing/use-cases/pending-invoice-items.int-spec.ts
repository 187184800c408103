import { inTransaction } from '@nova/common';
import { MigratedTenantDb, migratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { adjustCustomerBalance } from '../../customers';
import { getInvoice } from './get-invoice';
import { issueInvoices } from './issue-invoices';
import { addPendingInvoiceItems, listPendingInvoiceItems } from './pending-invoice-items';

const SETTINGS = { invoicePrefix: 'PII-', paymentTermsDays: 14, invoicesPerMonth: null };

describe('pending invoice items and paused collection in issueInvoices (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('pending_items_uc');
  });
  afterAll(() => db.drop());

  const periodStart = new Date('2026-03-10T08:00:00Z');
  const periodEnd = new Date('2026-04-01T00:00:00Z');

  it('the first collected invoice of the subscription takes its items, oldest first, once; a paused one leaves them, takes no credit', async () => {
    const { customerId, subscriptionId } = await seedSubscription(db.pool);
    await adjustCustomerBalance(db.db, { customerId, currency: 'KES', amount: 100n, reason: 'goodwill' });
    const item = (description: string, amount: bigint) => ({ customerId, subscriptionId, currency: 'KES', description, amount, priceId: null, periodStart, periodEnd });
    const added = await inTransaction(db.pool, (client) => addPendingInvoiceItems(client, [item('Unused time on Basic', -400n), item('Remaining time on Pro', 1200n)]));
    expect((await listPendingInvoiceItems(db.pool, subscriptionId)).map((pending) => pending.id)).toEqual(added.map((pending) => pending.id));

    const line = { description: 'Period', quantity: 1, unitAmount: 1000n };
    const [paused, collected, second] = await inTransaction(db.pool, (client) =>
      issueInvoices(client, SETTINGS, [
        { customerId, subscriptionId, currency: 'KES', lines: [line], pausedCollection: 'mark_uncollectible' },
        { customerId, subscriptionId, currency: 'KES', lines: [line] },
        { customerId, subscriptionId, currency: 'KES', lines: [line] },
      ]),
    );
    expect(await getInvoice(db.db, paused!.id)).toMatchObject({ status: 'uncollectible', total: 1000n, amountDue: 1000n, creditApplied: 0n, lines: [{ description: 'Period' }] });
    const taking = await getInvoice(db.db, collected!.id);
    expect(taking).toMatchObject({ status: 'open', total: 1800n, creditApplied: 100n, amountDue: 1700n });
    expect(taking.lines.map((invoiceLine) => [invoiceLine.description, invoiceLine.amount])).toEqual([
      ['Period', 1000n],
      ['Unused time on Basic', -400n],
      ['Remaining time on Pro', 1200n],
    ]);
    expect(second!.total).toBe(1000n);
    expect(await listPendingInvoiceItems(db.pool, subscriptionId)).toEqual([]);
    const { rows } = await db.pool.query('SELECT DISTINCT invoice_id FROM pending_invoice_items WHERE subscription_id = $1', [subscriptionId]);
    expect(rows).toEqual([{ invoice_id: collected!.id }]);
  });

  it('a rolled-back issuance gives the items back; a voided paused invoice is void with nothing due', async () => {
    const { customerId, subscriptionId } = await seedSubscription(db.pool);
    await inTransaction(db.pool, (client) => addPendingInvoiceItems(client, [{ customerId, subscriptionId, currency: 'KES', description: 'Remaining time on Pro', amount: 500n, priceId: null, periodStart, periodEnd }]));
    await expect(
      inTransaction(db.pool, async (client) => {
        await issueInvoices(client, SETTINGS, [{ customerId, subscriptionId, currency: 'KES', lines: [] }]);
        throw new Error('the caller fails after issuing');
      }),
    ).rejects.toThrow('the caller fails');
    expect(await listPendingInvoiceItems(db.pool, subscriptionId)).toHaveLength(1);

    const at = new Date('2026-03-11T00:00:00Z');
    const [voided] = await inTransaction(db.pool, (client) => issueInvoices(client, SETTINGS, [{ customerId, subscriptionId, currency: 'KES', lines: [{ description: 'Period', quantity: 1, unitAmount: 900n }], pausedCollection: 'void' }], at));
    expect(voided).toMatchObject({ total: 900n, amountDue: 0n });
    expect(await getInvoice(db.db, voided!.id)).toMatchObject({ status: 'void', amountDue: 0n, voidedAt: at });
    expect(await listPendingInvoiceItems(db.pool, subscriptionId)).toHaveLength(1);
  });
});
