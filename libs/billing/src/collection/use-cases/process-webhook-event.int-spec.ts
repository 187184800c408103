import type { Pool } from 'pg';
import { migratedTenantDb, seedSubscription, subscriptionRow, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { inTransaction } from '@nova/common';
import { insertPendingRefund, lockPaymentByReference, pendingRefundTotal } from '../payments.repository';
import { SettlementRejectedError, reserveRefundedCredit } from '../settlement';
import { processWebhookEvent } from './process-webhook-event';

// A stored provider event settles a pending payment: the rows a checkout and webhook intake leave behind.
describe('processWebhookEvent: settlement of stored provider events (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  beforeAll(async () => {
    tenant = await migratedTenantDb('settlement');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
  });
  afterAll(() => tenant.drop());

  let sequence = 0;
  async function pendingPayment(pool: Pool, invoiceId: string, customerId: string, amount = 250000n) {
    const reference = `ref-${++sequence}`;
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, 'KES', 'pending', 'paystack', $4, $5, now()) RETURNING id`,
      [invoiceId, customerId, amount, accountId, reference],
    );
    return { paymentId: rows[0]!.id, reference };
  }
  async function storedEvent(pool: Pool, event: { type: string; reference: string; amount: bigint; currency?: string; refundReference?: string }) {
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, refund_reference, amount, currency, occurred_at, raw_body)
       VALUES (gen_random_uuid(), $1, 'paystack', $2, $3, $4, $5, $6, $7, now(), '{}') RETURNING id`,
      [accountId, `evt-${++sequence}`, event.type, event.reference, event.refundReference ?? null, event.amount, event.currency ?? 'KES'],
    );
    return rows[0]!.id;
  }
  const invoice = async (id: string) =>
    (await tenant.pool.query<{ status: string; amount_due: string; amount_paid: string; amount_refunded: string }>('SELECT status, amount_due::text, amount_paid::text, amount_refunded::text FROM invoices WHERE id = $1', [id])).rows[0]!;
  const payment = async (id: string) =>
    (await tenant.pool.query<{ status: string; amount: string; amount_applied: string; amount_refunded: string; review_reason: string | null }>(
      'SELECT status, amount::text, amount_applied::text, amount_refunded::text, review_reason FROM payments WHERE id = $1',
      [id],
    )).rows[0]!;
  const eventRow = async (id: string) => (await tenant.pool.query<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_events WHERE id = $1', [id])).rows[0]!;

  it('settles a confirmed payment: invoice paid, dunning recovered, the past-due subscription active again', async () => {
    const { invoiceId, subscriptionId, customerId } = await seedSubscription(tenant.pool);
    await tenant.pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [subscriptionId]);
    await tenant.pool.query(`INSERT INTO invoice_dunning (invoice_id, status, attempts, updated_at) VALUES ($1, 'active', 2, now())`, [invoiceId]);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    const eventId = await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n });

    const result = await processWebhookEvent(tenant.pool, eventId);

    expect(result).toEqual({ status: 'processed', outcome: { effect: 'payment_settled', paymentId, invoiceId } });
    expect(await payment(paymentId)).toEqual({ status: 'succeeded', amount: '250000', amount_applied: '250000', amount_refunded: '0', review_reason: null });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_due: '0', amount_paid: '250000' });
    expect((await tenant.pool.query('SELECT status FROM invoice_dunning WHERE invoice_id = $1', [invoiceId])).rows[0].status).toBe('recovered');
    expect((await subscriptionRow(tenant.pool, subscriptionId)).status).toBe('active');
    expect(await eventRow(eventId)).toEqual({ status: 'processed', attempts: 1 });
  });

  it('a replayed event, or another copy of the same settlement, changes nothing', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    const eventId = await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n });
    await processWebhookEvent(tenant.pool, eventId);
    const [paymentAfter, invoiceAfter] = [await payment(paymentId), await invoice(invoiceId)];

    expect(await processWebhookEvent(tenant.pool, eventId)).toEqual({ status: 'already_processed' });
    const copy = await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n });
    expect(await processWebhookEvent(tenant.pool, copy)).toEqual({ status: 'processed', outcome: { effect: 'none', paymentId } });
    expect(await payment(paymentId)).toEqual(paymentAfter);
    expect(await invoice(invoiceId)).toEqual(invoiceAfter);
  });

  it('money in another currency is recorded for review and leaves the invoice unchanged', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const before = await invoice(invoiceId);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n, currency: 'NGN' }));

    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', amount_applied: '0', review_reason: 'paid in NGN; the invoice is in KES' });
    expect(await invoice(invoiceId)).toEqual(before);
  });

  it('an overpayment applies what is due (one allocation) and credits the rest to the customer\'s balance', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 300000n }));

    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', amount: '300000', amount_applied: '250000', review_reason: null });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_due: '0', amount_paid: '250000' });
    expect((await tenant.pool.query('SELECT invoice_id, amount::text FROM payment_allocations WHERE payment_id = $1', [paymentId])).rows).toEqual([{ invoice_id: invoiceId, amount: '250000' }]);
    const ledger = await tenant.pool.query('SELECT type, amount::text, ending_balance::text, payment_id FROM customer_balance_transactions WHERE customer_id = $1', [customerId]);
    expect(ledger.rows).toEqual([{ type: 'overpayment', amount: '50000', ending_balance: '50000', payment_id: paymentId }]);
  });

  it('a refund of an overpaid payment takes back the credit it left, never more than the customer still holds', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 300000n }));
    const balance = async () => (await tenant.pool.query('SELECT balance::text FROM customer_balances WHERE customer_id = $1', [customerId])).rows[0].balance;
    expect(await balance()).toBe('50000');

    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 30000n, refundReference: 'rf-over-1' }));
    expect(await balance()).toBe('20000');
    expect(await invoice(invoiceId)).toMatchObject({ amount_refunded: '0' });
    // 40000 more: 20000 of credit is left to take back, the other 20000 comes off the invoice's share.
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 40000n, refundReference: 'rf-over-2' }));
    expect(await balance()).toBe('0');
    expect(await invoice(invoiceId)).toMatchObject({ amount_refunded: '20000' });
  });

  it('a refund asked for while pending holds the overpayment credit: its webhook takes nothing twice, a failed one gives it back', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 300000n }));
    const balance = async () => (await tenant.pool.query('SELECT balance::text FROM customer_balances WHERE customer_id = $1', [customerId])).rows[0].balance;
    /** What RefundPayment does under the payment's lock before asking the provider. */
    const ask = (amount: bigint, providerReference: string) =>
      inTransaction(tenant.pool, async (client) => {
        const locked = (await lockPaymentByReference(client, accountId, reference))!;
        const reservation = await reserveRefundedCredit(client, locked, amount, await pendingRefundTotal(client, paymentId));
        return insertPendingRefund(client, { paymentId, amount, currency: 'KES', reason: null, providerReference, ...reservation });
      });

    expect(await ask(30000n, 'rf-held-1')).toMatchObject({ unapplied_share: '30000', credit_reserved: '30000' });
    expect(await ask(40000n, 'rf-held-2')).toMatchObject({ unapplied_share: '20000', credit_reserved: '20000' });
    expect(await balance()).toBe('0');
    // Settled in the other order: each keeps the share decided when it was asked for.
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 40000n, refundReference: 'rf-held-2' }));
    expect(await invoice(invoiceId)).toMatchObject({ amount_refunded: '20000' });
    expect(await balance()).toBe('0');
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.failed', reference, amount: 30000n, refundReference: 'rf-held-1' }));
    expect(await balance()).toBe('30000');
    expect(await invoice(invoiceId)).toMatchObject({ amount_refunded: '20000' });
    expect(await payment(paymentId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '40000' });
  });

  it('a payment to a void invoice is kept for review; the invoice stays void', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await tenant.pool.query(`UPDATE invoices SET status = 'void', amount_due = 0 WHERE id = $1`, [invoiceId]);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n }));

    expect(await payment(paymentId)).toMatchObject({ status: 'succeeded', amount_applied: '0', review_reason: 'the invoice is void' });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'void', amount_paid: '0' });
  });

  it('a declined payment fails; a decline after settlement changes nothing', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const declined = await pendingPayment(tenant.pool, invoiceId, customerId);
    expect(await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.failed', reference: declined.reference, amount: 250000n }))).toMatchObject({
      outcome: { effect: 'payment_failed', paymentId: declined.paymentId },
    });
    expect((await payment(declined.paymentId)).status).toBe('failed');

    const settled = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference: settled.reference, amount: 250000n }));
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.failed', reference: settled.reference, amount: 250000n }));
    expect((await payment(settled.paymentId)).status).toBe('succeeded');
  });

  it('refunds settle in parts: partially refunded, then refunded; the invoice records its share; more than was paid is rejected', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 250000n }));

    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 100000n, refundReference: 'rf-1' }));
    expect(await payment(paymentId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '100000' });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_paid: '250000', amount_refunded: '100000' });

    const beyond = await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 200000n, refundReference: 'rf-2' });
    await expect(processWebhookEvent(tenant.pool, beyond)).rejects.toThrow(SettlementRejectedError);
    expect(await eventRow(beyond)).toMatchObject({ status: 'rejected' });
    expect(await payment(paymentId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '100000' });

    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 150000n, refundReference: 'rf-3' }));
    expect(await payment(paymentId)).toMatchObject({ status: 'refunded', amount_refunded: '250000' });
    expect(await invoice(invoiceId)).toMatchObject({ status: 'paid', amount_refunded: '250000' });
  });

  it('a refund of an overpayment gives back the unapplied part first: the invoice share is only what exceeds it', async () => {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const { paymentId, reference } = await pendingPayment(tenant.pool, invoiceId, customerId);
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'payment.succeeded', reference, amount: 300000n }));
    await processWebhookEvent(tenant.pool, await storedEvent(tenant.pool, { type: 'refund.succeeded', reference, amount: 80000n, refundReference: 'rf-over' }));

    expect(await payment(paymentId)).toMatchObject({ status: 'partially_refunded', amount_refunded: '80000' });
    expect((await invoice(invoiceId)).amount_refunded).toBe('30000');
  });
});
