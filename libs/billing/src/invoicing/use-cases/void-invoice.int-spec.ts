import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { DomainError, ErrorCode, InvalidTransitionError } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedCustomer, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { adjustCustomerBalance, getCustomerBalances, listBalanceTransactions } from '../../customers';
import { issueInvoices } from './issue-invoices';
import { applyPaymentToInvoice } from './invoice-payments';
import { getInvoice } from './get-invoice';
import { voidInvoice } from './void-invoice';

describe('voidInvoice (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('void_invoice_uc');
  });
  afterAll(() => db.drop());

  it('voids an open invoice: nothing due, voidedAt the time given; a second void is refused', async () => {
    const { invoiceId } = await seedSubscription(db.pool);
    const at = new Date('2026-02-01T09:00:00Z');
    expect(await voidInvoice(db.db, { invoiceId, at })).toMatchObject({ id: invoiceId, status: 'void', amountDue: 0n, voidedAt: at });
    await expect(voidInvoice(db.db, { invoiceId })).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('refuses to void a paid invoice or one with a payment applied, and changes nothing', async () => {
    const partly = await seedSubscription(db.pool);
    await inTransaction(db.pool, (client) => applyPaymentToInvoice(client, { invoiceId: partly.invoiceId, amount: 1000n, at: new Date() }));
    const before = await getInvoice(db.db, partly.invoiceId);
    await expect(voidInvoice(db.db, { invoiceId: partly.invoiceId })).rejects.toThrow(/has payments applied/);
    expect(await getInvoice(db.db, partly.invoiceId)).toEqual(before);

    const paid = await seedSubscription(db.pool);
    await inTransaction(db.pool, (client) => applyPaymentToInvoice(client, { invoiceId: paid.invoiceId, amount: 250000n, at: new Date() }));
    await expect(voidInvoice(db.db, { invoiceId: paid.invoiceId })).rejects.toMatchObject({ code: ErrorCode.InvalidState, machine: 'invoice', from: 'paid' });
    expect((await getInvoice(db.db, paid.invoiceId)).status).toBe('paid');
  });

  it('an unknown invoice is not found', async () => {
    await expect(voidInvoice(db.db, { invoiceId: randomUUID() })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });

  it('gives the credit an invoice took at finalization back to the balance (unapplied_from_invoice)', async () => {
    const customerId = await seedCustomer(db.pool);
    await adjustCustomerBalance(db.db, { customerId, currency: 'KES', amount: 1_200n, reason: 'goodwill' });
    const [invoice] = await inTransaction(db.pool, (client) =>
      issueInvoices(client, { invoicePrefix: 'INV-', paymentTermsDays: 30, invoicesPerMonth: null }, [{ customerId, currency: 'KES', lines: [{ description: 'Seats', quantity: 1, unitAmount: 5_000n }] }]),
    );
    expect(await getCustomerBalances(db.db, customerId)).toEqual([{ currency: 'KES', balance: 0n }]);

    await voidInvoice(db.db, { invoiceId: invoice!.id });

    expect(await getCustomerBalances(db.db, customerId)).toEqual([{ currency: 'KES', balance: 1_200n }]);
    const [latest] = (await listBalanceTransactions(db.db, customerId, { limit: 1 })).data;
    expect(latest).toMatchObject({ type: 'unapplied_from_invoice', amount: 1_200n, endingBalance: 1_200n, invoiceId: invoice!.id });
  });
});
