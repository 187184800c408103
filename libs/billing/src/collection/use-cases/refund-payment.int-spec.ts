import { ErrorCode } from '@nova/domain';
import type { TenantDb } from '@nova/tenancy';
import { eventsAbout, migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import { inTransaction } from '@nova/common';
import { getCustomerBalances, recordBalanceTransaction } from '../../customers';
import { RefundPayment } from './refund-payment';
import { recordOfflinePayment } from './record-offline-payment';

type RefundAnswer = { status: 'succeeded' | 'pending' | 'failed'; refundReference: string };

describe('RefundPayment (real tenant database, a stub provider adapter)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let answer: () => Promise<RefundAnswer>;
  const asked: { amountMinor: bigint; idempotencyKey: string }[] = [];
  let refunds: RefundPayment;

  beforeAll(async () => {
    tenant = await migratedTenantDb('refunds');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    const adapter = {
      refund: async (request: { amountMinor: bigint; idempotencyKey: string }) => {
        asked.push(request);
        return answer();
      },
    };
    const tenantDb = { connection: async () => tenant.db } as unknown as TenantDb;
    const accounts = { get: async () => ({ account: { id: accountId, provider: 'paystack', active: true }, adapter }) } as unknown as ProviderAccounts;
    refunds = new RefundPayment(tenantDb, accounts);
  });
  afterAll(() => tenant.drop());

  let sequence = 0;
  /** A settled provider payment of the seeded invoice's whole 250000 KES. */
  async function settledPayment() {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    await tenant.pool.query(`UPDATE invoices SET status = 'paid', amount_paid = amount_due, amount_due = 0, paid_at = now() WHERE id = $1`, [invoiceId]);
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, currency, status, method, provider_account_id, provider_reference, paid_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 250000, 250000, 'KES', 'succeeded', 'paystack', $3, $4, now(), now()) RETURNING id`,
      [invoiceId, customerId, accountId, `ref-${++sequence}`],
    );
    return { invoiceId, paymentId: rows[0]!.id };
  }
  const payment = async (id: string) => (await tenant.pool.query('SELECT status, amount_refunded::text FROM payments WHERE id = $1', [id])).rows[0];
  const invoiceRefunded = async (id: string) => (await tenant.pool.query('SELECT status, amount_refunded::text FROM invoices WHERE id = $1', [id])).rows[0];

  it('refunds in part, then the rest: partially refunded, then refunded; the invoice records each share and stays paid', async () => {
    const { invoiceId, paymentId } = await settledPayment();
    answer = async () => ({ status: 'succeeded', refundReference: `rf-${++sequence}` });

    const part = await refunds.execute({ paymentId, amountMinor: 100000n, reason: 'goodwill' });
    expect(part).toMatchObject({ payment_id: paymentId, amount: '100000', status: 'succeeded', reason: 'goodwill' });
    expect(asked.at(-1)).toMatchObject({ amountMinor: 100000n, idempotencyKey: part.id });
    expect(await payment(paymentId)).toEqual({ status: 'partially_refunded', amount_refunded: '100000' });
    expect(await invoiceRefunded(invoiceId)).toEqual({ status: 'paid', amount_refunded: '100000' });

    const rest = await refunds.execute({ paymentId });
    expect(rest).toMatchObject({ amount: '150000', status: 'succeeded' });
    expect(await payment(paymentId)).toEqual({ status: 'refunded', amount_refunded: '250000' });
    expect(await invoiceRefunded(invoiceId)).toEqual({ status: 'paid', amount_refunded: '250000' });

    await expect(refunds.execute({ paymentId })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    // One payment.refunded per settled refund, each with the payment as it was then.
    expect(await eventsAbout(tenant.pool, paymentId)).toEqual([
      { type: 'payment.refunded', object: expect.objectContaining({ object: 'payment', status: 'partially_refunded', amountRefunded: 100000 }) },
      { type: 'payment.refunded', object: expect.objectContaining({ status: 'refunded', amountRefunded: 250000 }) },
    ]);
  });

  it('a refund pending at the provider reserves its amount: nothing more than what is left can be asked', async () => {
    const { paymentId } = await settledPayment();
    answer = async () => ({ status: 'pending', refundReference: `rf-${++sequence}` });
    const pending = await refunds.execute({ paymentId, amountMinor: 200000n });
    expect(pending).toMatchObject({ status: 'pending', settled_at: null });
    expect(await payment(paymentId)).toEqual({ status: 'succeeded', amount_refunded: '0' });

    await expect(refunds.execute({ paymentId, amountMinor: 60000n })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
  });

  it('a provider refusal fails the refund and releases its reservation', async () => {
    const { paymentId } = await settledPayment();
    answer = async () => {
      throw new Error('provider unreachable');
    };
    await expect(refunds.execute({ paymentId, amountMinor: 250000n })).rejects.toThrow('provider unreachable');
    const { rows } = await tenant.pool.query('SELECT status, failure_message FROM refunds WHERE payment_id = $1', [paymentId]);
    expect(rows).toEqual([{ status: 'failed', failure_message: 'provider unreachable' }]);
    expect(await eventsAbout(tenant.pool, paymentId)).toEqual([]); // nothing was given back

    answer = async () => ({ status: 'succeeded', refundReference: `rf-${++sequence}` });
    await expect(refunds.execute({ paymentId })).resolves.toMatchObject({ amount: '250000', status: 'succeeded' });
    expect((await eventsAbout(tenant.pool, paymentId)).map((event) => event.type)).toEqual(['payment.refunded']);
  });

  /** 300000 KES paid for the seeded 250000 invoice: the 50000 overpaid is credit on the customer's balance. */
  async function overpaidPayment() {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    await tenant.pool.query(`UPDATE invoices SET status = 'paid', amount_paid = amount_due, amount_due = 0, paid_at = now() WHERE id = $1`, [invoiceId]);
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, currency, status, method, provider_account_id, provider_reference, paid_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 300000, 250000, 'KES', 'succeeded', 'paystack', $3, $4, now(), now()) RETURNING id`,
      [invoiceId, customerId, accountId, `ref-${++sequence}`],
    );
    const paymentId = rows[0]!.id;
    await inTransaction(tenant.pool, (client) => recordBalanceTransaction(client, { customerId, currency: 'KES', amount: 50_000n, type: 'overpayment', paymentId }));
    const balance = async () => (await getCustomerBalances(tenant.db, customerId)).find((entry) => entry.currency === 'KES')?.balance ?? 0n;
    return { invoiceId, customerId, paymentId, balance };
  }

  it('a refund of an overpayment takes its credit off the balance when asked, so it cannot be spent while pending', async () => {
    const { invoiceId, paymentId, balance } = await overpaidPayment();
    answer = async () => ({ status: 'pending', refundReference: `rf-${++sequence}` });
    const pending = await refunds.execute({ paymentId, amountMinor: 60_000n });
    // Refunds give back the unapplied 50000 first: all of it is reserved at once, the other 10000 is the invoice's.
    expect(pending).toMatchObject({ status: 'pending', credit_reserved: '50000' });
    expect(await balance()).toBe(0n);
    // The rest of the payment is still refundable, and nothing more comes off a balance already empty.
    answer = async () => ({ status: 'succeeded', refundReference: `rf-${++sequence}` });
    const rest = await refunds.execute({ paymentId });
    expect(rest).toMatchObject({ amount: '240000', status: 'succeeded', credit_reserved: '0' });
    expect(await invoiceRefunded(invoiceId)).toEqual({ status: 'paid', amount_refunded: '240000' });
    expect(await balance()).toBe(0n);
  });

  it('a refund that fails gives the reserved credit back, whether the request or the provider\'s answer failed', async () => {
    const { paymentId, balance } = await overpaidPayment();
    answer = async () => {
      throw new Error('provider unreachable');
    };
    await expect(refunds.execute({ paymentId, amountMinor: 20_000n })).rejects.toThrow('provider unreachable');
    expect(await balance()).toBe(50_000n);

    answer = async () => ({ status: 'failed', refundReference: `rf-${++sequence}` });
    expect(await refunds.execute({ paymentId, amountMinor: 30_000n })).toMatchObject({ status: 'failed', credit_reserved: '30000' });
    expect(await balance()).toBe(50_000n);

    // Settled at once: the reserved credit is what the refund took, taken only once.
    answer = async () => ({ status: 'succeeded', refundReference: `rf-${++sequence}` });
    expect(await refunds.execute({ paymentId, amountMinor: 30_000n })).toMatchObject({ status: 'succeeded', credit_reserved: '30000' });
    expect(await balance()).toBe(20_000n);
    expect(await payment(paymentId)).toEqual({ status: 'partially_refunded', amount_refunded: '30000' });
  });

  it('a payment recorded by hand is refunded outside NovaBilling (409)', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    const { paymentId } = await recordOfflinePayment(tenant.db, { invoiceId });
    await expect(refunds.execute({ paymentId })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(refunds.execute({ paymentId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
