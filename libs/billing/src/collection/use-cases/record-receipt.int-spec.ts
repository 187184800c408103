import { inTransaction } from '@nova/common';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, seedCustomer, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { getCustomerBalances } from '../../customers';
import { getInvoice, issueInvoices } from '../../invoicing';
import { listPayments } from './payment-queries';
import { getReceipt } from './get-receipt';
import { recordReceipt } from './record-receipt';

const SETTINGS = { invoicePrefix: 'INV-', paymentTermsDays: 14, invoicesPerMonth: null };

describe('recordReceipt (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('record_receipt');
  });
  afterAll(() => tenant.drop());

  /** Open invoices of `amounts` for the customer, issued a day apart (oldest first). */
  const openInvoices = async (customerId: string, amounts: bigint[], currency = 'KES') => {
    const ids: string[] = [];
    for (const [index, amount] of amounts.entries()) {
      const [issued] = await inTransaction(tenant.pool, (client) =>
        issueInvoices(client, SETTINGS, [{ customerId, currency, lines: [{ description: 'Service', quantity: 1, unitAmount: amount }] }], new Date(Date.UTC(2026, 9, 1 + index))),
      );
      ids.push(issued!.id);
    }
    return ids;
  };
  const due = async (ids: string[]) => Promise.all(ids.map(async (id) => ((invoice) => [invoice.status, invoice.amountDue])(await getInvoice(tenant.db, id))));
  const allocations = async (paymentId: string) =>
    (await tenant.pool.query('SELECT invoice_id, amount::text FROM payment_allocations WHERE payment_id = $1 ORDER BY payment_allocations.amount DESC', [paymentId])).rows;

  it('an allocation across three invoices in two steps: oldest first, then explicit amounts with an overpayment to the balance', async () => {
    const customerId = await seedCustomer(tenant.pool);
    const [oldest, second, third] = await openInvoices(customerId, [10_000n, 25_000n, 8_000n]);

    const first = await recordReceipt(tenant.db, { customerId, amount: 20_000n, currency: 'KES', method: 'bank_transfer', reference: 'FT26300ABC', allocate: { kind: 'oldest_first' } });
    expect(first.allocations).toEqual([
      { invoiceId: oldest, amount: 10_000n },
      { invoiceId: second, amount: 10_000n },
    ]);
    expect(first.overpayment).toBe(0n);
    expect(await due([oldest!, second!, third!])).toEqual([
      ['paid', 0n],
      ['open', 15_000n],
      ['open', 8_000n],
    ]);

    const receivedAt = new Date('2026-10-20T08:00:00Z');
    const next = await recordReceipt(tenant.db, {
      customerId,
      amount: 30_000n,
      currency: 'KES',
      method: 'mpesa_paybill',
      reference: 'SJK7Q2X9PL',
      receivedAt,
      allocate: { kind: 'explicit', allocations: [{ invoiceId: second!, amount: 15_000n }, { invoiceId: third!, amount: 8_000n }] },
    });
    expect(next.overpayment).toBe(7_000n);
    expect(await due([oldest!, second!, third!])).toEqual([
      ['paid', 0n],
      ['paid', 0n],
      ['paid', 0n],
    ]);
    expect(await allocations(next.paymentId)).toEqual([
      { invoice_id: second, amount: '15000' },
      { invoice_id: third, amount: '8000' },
    ]);
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'KES', balance: 7_000n }]);
    const payment = (await tenant.pool.query('SELECT amount::text, amount_applied::text, method, received_via, reference, paid_at, receipt_number, invoice_id FROM payments WHERE id = $1', [next.paymentId])).rows[0];
    expect(payment).toEqual({ amount: '30000', amount_applied: '23000', method: 'manual', received_via: 'mpesa_paybill', reference: 'SJK7Q2X9PL', paid_at: receivedAt, receipt_number: next.receiptNumber, invoice_id: null });

    // The receipt as the API shows it: allocations in the order given, what each invoice has due now, the credit left.
    expect(await getReceipt(tenant.db, next.paymentId)).toMatchObject({
      payment: { receiptNumber: next.receiptNumber, receivedVia: 'mpesa_paybill', amount: 30_000n },
      allocations: [
        { invoiceId: second, amount: 15_000n, invoiceAmountDue: 0n },
        { invoiceId: third, amount: 8_000n, invoiceAmountDue: 0n },
      ],
      overpayment: 7_000n,
      creditBalance: 7_000n,
    });
    // Listed under each invoice it paid, though it names none of them alone.
    expect((await listPayments(tenant.db, { invoiceId: third!, limit: 10 })).data.map((payment) => payment.id)).toEqual([next.paymentId]);
    expect((await listPayments(tenant.db, { invoiceId: second!, limit: 10 })).data.map((payment) => payment.id).sort()).toEqual([first.paymentId, next.paymentId].sort());

    // Each receipt its own number, one after the other.
    expect(Number(next.receiptNumber.slice(4))).toBe(Number(first.receiptNumber.slice(4)) + 1);
  });

  it('a partial payment leaves the invoice open with less due', async () => {
    const customerId = await seedCustomer(tenant.pool);
    const [invoice] = await openInvoices(customerId, [5_000n]);
    await recordReceipt(tenant.db, { customerId, amount: 2_000n, currency: 'KES', method: 'cash', allocate: { kind: 'explicit', allocations: [{ invoiceId: invoice!, amount: 2_000n }] } });
    expect(await getInvoice(tenant.db, invoice!)).toMatchObject({ status: 'open', amountDue: 3_000n, amountPaid: 2_000n });
  });

  it('refuses, naming the field and recording nothing: another currency, another customer\'s invoice, more than due; unknown customer is not found', async () => {
    const customerId = await seedCustomer(tenant.pool);
    const stranger = await seedCustomer(tenant.pool);
    const [usd] = await openInvoices(customerId, [5_000n], 'USD');
    const [theirs] = await openInvoices(stranger, [5_000n]);
    const [kes] = await openInvoices(customerId, [5_000n]);
    const refusal = (allocations: Array<{ invoiceId: string; amount: bigint }>) =>
      recordReceipt(tenant.db, { customerId, amount: 6_000n, currency: 'KES', method: 'cheque', allocate: { kind: 'explicit', allocations } }).then(
        () => {
          throw new Error('expected a refusal');
        },
        (error: unknown) => error as DomainError,
      );
    const sequenceBefore = (await tenant.pool.query('SELECT next::text FROM receipt_sequence')).rows[0].next;

    expect((await refusal([{ invoiceId: usd!, amount: 1_000n }])).details).toMatchObject({ fields: [{ field: 'allocations[0].invoiceId', message: 'is in USD; the payment is in KES' }] });
    expect((await refusal([{ invoiceId: kes!, amount: 1_000n }, { invoiceId: theirs!, amount: 1_000n }])).details).toMatchObject({ fields: [{ field: 'allocations[1].invoiceId' }] });
    expect((await refusal([{ invoiceId: kes!, amount: 5_001n }])).details).toMatchObject({ fields: [{ field: 'allocations[0].amount' }] });
    await expect(recordReceipt(tenant.db, { customerId, amount: 0n, currency: 'KES', method: 'cash', allocate: { kind: 'oldest_first' } })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(recordReceipt(tenant.db, { customerId, amount: 1n, currency: 'KES', method: 'card' as never, allocate: { kind: 'oldest_first' } })).rejects.toMatchObject({ details: { fields: [{ field: 'method' }] } });
    await expect(
      recordReceipt(tenant.db, { customerId: '00000000-0000-4000-8000-000000000000', amount: 1n, currency: 'KES', method: 'cash', allocate: { kind: 'oldest_first' } }),
    ).rejects.toMatchObject({ code: ErrorCode.NotFound });

    expect((await getInvoice(tenant.db, kes!)).amountDue).toBe(5_000n);
    expect((await tenant.pool.query('SELECT count(*)::int AS n FROM payments WHERE customer_id = $1', [customerId])).rows[0].n).toBe(0);
    // Refused receipts take no number: the sequence has no gap.
    expect((await tenant.pool.query('SELECT next::text FROM receipt_sequence')).rows[0].next).toBe(sequenceBefore);
  });

  it('concurrent receipts take consecutive numbers, none twice and none skipped', async () => {
    const customerId = await seedCustomer(tenant.pool);
    const receipts = await Promise.all(
      Array.from({ length: 6 }, () => recordReceipt(tenant.db, { customerId, amount: 100n, currency: 'KES', method: 'cash', allocate: { kind: 'oldest_first' } })),
    );
    const numbers = receipts.map((receipt) => Number(receipt.receiptNumber.slice(4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 6 }, (_, index) => numbers[0]! + index));
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'KES', balance: 600n }]);
  });

  it('money with nothing open to pay is all credit on the balance', async () => {
    const customerId = await seedCustomer(tenant.pool);
    const receipt = await recordReceipt(tenant.db, { customerId, amount: 4_000n, currency: 'KES', method: 'other', allocate: { kind: 'oldest_first' } });
    expect(receipt).toMatchObject({ allocations: [], overpayment: 4_000n });
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'KES', balance: 4_000n }]);
  });
});
