import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { ErrorCode, InvalidTransitionError } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedSubscription } from '../../../../../test/support/migrated-tenant-db';
import { applyPaymentToInvoice, markInvoiceUncollectible, recordInvoiceRefund } from './invoice-payments';
import { getInvoice } from './get-invoice';
import { voidInvoice } from './void-invoice';

describe('what collection may do to an invoice (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('invoice_payments_uc');
  });
  afterAll(() => db.drop());

  const pay = (invoiceId: string, amount: bigint, at = new Date()) => inTransaction(db.pool, (client) => applyPaymentToInvoice(client, { invoiceId, amount, at }));

  it('applies a part, then the rest: open until nothing is due, then paid at the last payment', async () => {
    const { invoiceId, subscriptionId } = await seedSubscription(db.pool);
    expect(await pay(invoiceId, 100000n)).toEqual({ invoiceId, subscriptionId, becamePaid: false });
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'open', amountDue: 150000n, amountPaid: 100000n, paidAt: null });
    const at = new Date('2026-02-03T12:00:00Z');
    expect(await pay(invoiceId, 150000n, at)).toMatchObject({ becamePaid: true });
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'paid', amountDue: 0n, amountPaid: 250000n, paidAt: at });
    await expect(pay(invoiceId, 1n)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('refuses a payment on a void invoice, and on an unknown one', async () => {
    const { invoiceId } = await seedSubscription(db.pool);
    await voidInvoice(db.db, { invoiceId });
    await expect(pay(invoiceId, 100n)).rejects.toThrow(/the invoice is void/);
    await expect(pay(randomUUID(), 100n)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('marks an open invoice uncollectible once; a paid one is left as it is; the customer may still pay it', async () => {
    const { invoiceId, subscriptionId } = await seedSubscription(db.pool);
    expect(await inTransaction(db.pool, (client) => markInvoiceUncollectible(client, invoiceId))).toEqual({ subscriptionId });
    expect((await getInvoice(db.db, invoiceId)).status).toBe('uncollectible');
    expect(await inTransaction(db.pool, (client) => markInvoiceUncollectible(client, invoiceId))).toBeNull();
    await pay(invoiceId, 250000n);
    expect((await getInvoice(db.db, invoiceId)).status).toBe('paid');
    expect(await inTransaction(db.pool, (client) => markInvoiceUncollectible(client, invoiceId))).toBeNull();
    expect((await getInvoice(db.db, invoiceId)).status).toBe('paid');
  });

  it('records refunded money without changing the status; a zero share writes nothing', async () => {
    const { invoiceId } = await seedSubscription(db.pool);
    await pay(invoiceId, 250000n);
    await inTransaction(db.pool, (client) => recordInvoiceRefund(client, { invoiceId, amount: 50000n }));
    await inTransaction(db.pool, (client) => recordInvoiceRefund(client, { invoiceId, amount: 0n }));
    expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'paid', amountPaid: 250000n, amountRefunded: 50000n });
  });
});
