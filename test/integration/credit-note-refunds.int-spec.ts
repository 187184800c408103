// Credit notes through collection on a real tenant database: by line on a GST invoice (each
// line's tax share per component), a preview that writes nothing, and the money split — a refund
// reserved with the note and sent by RefundCreditNote (a stub adapter), idempotently; a failed
// refund credits the balance instead. A refund the provider leaves pending is settled by its
// stored webhook event (processWebhookEvent), which the note follows in the same transaction.
import { inTransaction } from '@nova/common';
import type { TenantDb } from '@nova/tenancy';
import {
  type ProviderAccounts,
  RefundCreditNote,
  RefundPayment,
  addCustomerTaxId,
  createCustomer,
  createTaxRate,
  getCustomerBalances,
  getInvoice,
  issueCreditNote,
  issueInvoices,
  pendingCreditNoteRefundJobs,
  previewCreditNote,
  processWebhookEvent,
  putTaxProfile,
  voidCreditNote,
} from '@nova/billing';
import { ProviderError } from '@nova/payments';
import { eventsAbout, migratedTenantDb, type MigratedTenantDb } from '../support/migrated-tenant-db';

type RefundAnswer = { status: 'succeeded' | 'pending' | 'failed'; refundReference: string };
const SETTINGS = { invoicePrefix: 'INV', paymentTermsDays: 14, invoicesPerMonth: null };

describe('credit notes by line, with refunds (real tenant database, a stub provider adapter)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let customerId: string;
  let answer: () => Promise<RefundAnswer>;
  const asked: { amountMinor: bigint; idempotencyKey: string }[] = [];
  let refundCreditNote: RefundCreditNote;

  beforeAll(async () => {
    tenant = await migratedTenantDb('credit_note_refunds');
    const gst18 = (await createTaxRate(tenant.db, { name: 'GST 18%', country: 'IN', percentage: '18' })).id;
    await putTaxProfile(tenant.db, {
      legalName: 'Nimbus Cloud Pvt Ltd',
      country: 'IN',
      address: { line1: '12 MG Road', city: 'Bengaluru', state: 'Karnataka', country: 'IN' },
      taxIds: [{ type: 'in_gstin', value: '29AABCU9603R1ZJ' }],
      defaultTaxRateId: gst18,
    });
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
    refundCreditNote = new RefundCreditNote(tenantDb, new RefundPayment(tenantDb, accounts));
  });
  afterAll(() => tenant.drop());

  let sequence = 0;
  /** An intra-state GST invoice: 3 seats at ₹333.33 (CGST 9,000 + SGST 9,000 on 99,999) and support at ₹100.50; paid `paid` through the provider. */
  async function gstInvoice(paid: bigint) {
    // A customer of its own each time: no credit from another test is applied at issuance.
    customerId = (await createCustomer(tenant.db, { name: 'Kaveri Traders', email: `kaveri${++sequence}@example.test`, address: { city: 'Bengaluru', country: 'IN' } }, { customers: null })).id;
    await addCustomerTaxId(tenant.db, { customerId, type: 'in_gstin', value: '29AAACC1206D1ZC' });
    const [issued] = await inTransaction(tenant.pool, (client) =>
      issueInvoices(client, SETTINGS, [
        {
          customerId,
          currency: 'INR',
          lines: [
            { description: 'Seats', quantity: 3, unitAmount: 33_333n },
            { description: 'Support', quantity: 1, unitAmount: 10_050n },
          ],
        },
      ]),
    );
    const invoiceId = issued!.id;
    let paymentId: string | null = null;
    if (paid > 0n) {
      await tenant.pool.query(
        `UPDATE invoices SET amount_paid = $2, amount_due = amount_due - $2, status = CASE WHEN amount_due = $2 THEN 'paid'::"InvoiceStatus" ELSE status END, paid_at = CASE WHEN amount_due = $2 THEN now() END WHERE id = $1`,
        [invoiceId, paid],
      );
      const { rows } = await tenant.pool.query<{ id: string }>(
        `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, currency, status, method, provider_account_id, provider_reference, paid_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $3, 'INR', 'succeeded', 'paystack', $4, $5, now(), now()) RETURNING id`,
        [invoiceId, customerId, paid, accountId, `ref-${++sequence}`],
      );
      paymentId = rows[0]!.id;
    }
    return { invoice: await getInvoice(tenant.db, invoiceId), paymentId };
  }

  it('a per-line note on a partly paid GST invoice: CGST and SGST per line exactly; preview first, writing nothing', async () => {
    const { invoice } = await gstInvoice(50_000n);
    // 117,999 + 11,858 = 129,857; 50,000 paid, 79,857 due.
    expect(invoice).toMatchObject({ total: 129_857n, amountDue: 79_857n });
    const [seats, support] = invoice.lines;
    const command = { invoiceId: invoice.id, reason: 'order_change' as const, lines: [{ invoiceLineId: seats!.id, quantity: 2 }, { invoiceLineId: support!.id, amount: 1_001n }] };

    const preview = await previewCreditNote(tenant.db, command);
    // Two seats of three: 78,666 = 66,666 + 6,000 + 6,000; 1,001 of support (10,050 : 904 : 904): 849 + 76 + 76.
    expect(preview).toMatchObject({ amount: 79_667n, taxAmount: 12_152n, prePaymentAmount: 79_667n, postPaymentAmount: 0n, invoiceAmountDueAfter: 190n });
    expect(preview.lines.map((line) => [line.taxable, ...line.taxes.map((tax) => tax.amount)])).toEqual([
      [66_666n, 6_000n, 6_000n],
      [849n, 76n, 76n],
    ]);
    expect(preview.taxComponents).toEqual([
      { code: 'CGST', percentage: '9', amount: 6_076n },
      { code: 'SGST', percentage: '9', amount: 6_076n },
    ]);
    expect((await tenant.pool.query('SELECT count(*)::int AS n FROM credit_notes WHERE invoice_id = $1', [invoice.id])).rows[0].n).toBe(0);

    const note = await issueCreditNote(tenant.db, command);
    expect(note).toMatchObject({ amount: 79_667n, taxAmount: 12_152n, prePaymentAmount: 79_667n, creditAmount: 0n, refundStatus: null });
    expect(note.lines).toHaveLength(2);
    expect(await getInvoice(tenant.db, invoice.id)).toMatchObject({ status: 'open', amountDue: 190n });

    // What is left of a line: the third seat (39,333) is; a fourth is not.
    await expect(issueCreditNote(tenant.db, { ...command, lines: [{ invoiceLineId: seats!.id, amount: 39_334n }] })).rejects.toMatchObject({ details: { fields: [{ field: 'lines.0.amount' }] } });
    // The last seat and the rest of support: exactly what is left of each part, past the amount due into the balance.
    const rest = await issueCreditNote(tenant.db, { ...command, lines: [{ invoiceLineId: seats!.id, quantity: 1 }, { invoiceLineId: support!.id, amount: 11_858n - 1_001n }] });
    expect(rest).toMatchObject({ amount: 50_190n, prePaymentAmount: 190n, postPaymentAmount: 50_000n, creditAmount: 50_000n });
    const taken = await tenant.pool.query(
      `SELECT l.description, sum(c.taxable)::text AS taxable, sum(c.tax_amount)::text AS tax FROM credit_note_lines c JOIN invoice_lines l ON l.id = c.invoice_line_id
        WHERE l.invoice_id = $1 GROUP BY l.description ORDER BY l.description`,
      [invoice.id],
    );
    expect(taken.rows).toEqual([
      { description: 'Seats', taxable: '99999', tax: '18000' },
      { description: 'Support', taxable: '10050', tax: '1808' },
    ]);
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'INR', balance: 50_000n }]);
  });

  it('refundAmount: reserved with the note, refunded once by the job (run twice), payment.refunded recorded', async () => {
    const { invoice, paymentId } = await gstInvoice(129_857n);
    answer = async () => ({ status: 'succeeded', refundReference: `rf-${++sequence}` });
    // The split must add up to what does not lower the amount due (all of it: the invoice is paid).
    await expect(issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'other', amount: 11_858n, refundAmount: 10_000n })).rejects.toMatchObject({
      details: { fields: [{ field: 'refundAmount' }] },
    });
    const note = await issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'product_unsatisfactory', lines: [{ invoiceLineId: invoice.lines[1]!.id, quantity: 1 }], refundAmount: 10_000n, creditAmount: 1_000n, outOfBandAmount: 858n });
    expect(note).toMatchObject({ amount: 11_858n, postPaymentAmount: 11_858n, refundAmount: 10_000n, creditAmount: 1_000n, outOfBandAmount: 858n, refundStatus: 'pending', refundPaymentId: paymentId });
    // Reserved at once: the payment cannot be refunded twice for it meanwhile.
    expect((await tenant.pool.query('SELECT status, amount::text FROM refunds WHERE id = $1', [note.refundId])).rows[0]).toEqual({ status: 'pending', amount: '10000' });
    expect(await pendingCreditNoteRefundJobs(tenant.db, { tenant: { tenantId: 't', mode: 'live' }, olderThanSeconds: 0, correlationId: 'c', at: new Date(Date.now() + 1_000) })).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ creditNoteId: note.id }) }),
    ]);

    const asksBefore = asked.length;
    expect(await refundCreditNote.execute(note.id)).toMatchObject({ refundStatus: 'succeeded' });
    expect(await refundCreditNote.execute(note.id)).toMatchObject({ refundStatus: 'succeeded' });
    expect(asked.slice(asksBefore)).toEqual([expect.objectContaining({ amountMinor: 10_000n, idempotencyKey: note.refundId })]);
    expect((await tenant.pool.query('SELECT status, amount_refunded::text FROM payments WHERE id = $1', [paymentId])).rows[0]).toEqual({ status: 'partially_refunded', amount_refunded: '10000' });
    expect(await getInvoice(tenant.db, invoice.id)).toMatchObject({ status: 'paid', amountRefunded: 10_000n });
    expect((await eventsAbout(tenant.pool, paymentId!)).map((event) => event.type)).toEqual(['payment.refunded']);
    expect(await pendingCreditNoteRefundJobs(tenant.db, { tenant: { tenantId: 't', mode: 'live' }, olderThanSeconds: 0, correlationId: 'c', at: new Date(Date.now() + 1_000) })).toEqual([]);

    // The refunded money is counted once: the rest of the invoice (117,999) can still be credited to the balance.
    const more = await issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'other' });
    expect(more).toMatchObject({ amount: 117_999n, creditAmount: 117_999n });
  });

  it('a refund the provider refuses puts the money on the balance instead, with refundStatus failed', async () => {
    const { invoice } = await gstInvoice(129_857n);
    answer = async () => ({ status: 'failed', refundReference: `rf-${++sequence}` });
    const note = await issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'other', amount: 5_000n, refundAmount: 5_000n });
    const settled = await refundCreditNote.execute(note.id);
    expect(settled).toMatchObject({ refundStatus: 'failed', refundAmount: 5_000n, creditAmount: 0n });
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'INR', balance: 5_000n }]);
    // A refunded (or refund-attempted) note cannot be voided.
    await expect(voidCreditNote(tenant.db, note.id)).rejects.toThrow(/refunded money/);
  });

  /** A verified provider event as webhook intake stores it. */
  async function storedRefundEvent(event: { type: 'refund.succeeded' | 'refund.failed'; paymentReference: string; refundReference: string; amount: bigint; currency?: string }) {
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, refund_reference, amount, currency, occurred_at, raw_body)
       VALUES (gen_random_uuid(), $1, 'paystack', $2, $3, $4, $5, $6, $7, now(), '{}') RETURNING id`,
      [accountId, `evt-${++sequence}`, event.type, event.paymentReference, event.refundReference, event.amount, event.currency ?? 'INR'],
    );
    return rows[0]!.id;
  }
  /** A paid GST invoice and a credit note refunding `amount` through it, which the provider answers `pending` (its refund id given). */
  async function creditNoteWithPendingRefund(amount: bigint) {
    const { invoice, paymentId } = await gstInvoice(129_857n);
    const paymentReference = (await tenant.pool.query<{ provider_reference: string }>('SELECT provider_reference FROM payments WHERE id = $1', [paymentId])).rows[0]!.provider_reference;
    const refundReference = `rf-pending-${++sequence}`;
    answer = async () => ({ status: 'pending', refundReference });
    const note = await issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'other', amount, refundAmount: amount });
    return { note, paymentId, paymentReference, refundReference };
  }
  const storedEventRow = async (id: string) => (await tenant.pool.query<{ status: string; last_error: string | null }>('SELECT status, last_error FROM webhook_events WHERE id = $1', [id])).rows[0]!;
  const noteRow = async (id: string) => (await tenant.pool.query<{ refund_status: string }>('SELECT refund_status FROM credit_notes WHERE id = $1', [id])).rows[0]!.refund_status;

  it('a pending provider refund settles from its webhook: wrong currency and amount rejected and kept, replays change nothing, a late failure never flips it', async () => {
    const { note, paymentId, paymentReference, refundReference } = await creditNoteWithPendingRefund(6_000n);
    expect(await refundCreditNote.execute(note.id)).toMatchObject({ refundStatus: 'pending' });
    // Accepted by the provider (its refund id recorded): the sweep's next run does not ask again.
    const asksBefore = asked.length;
    expect(await refundCreditNote.execute(note.id)).toMatchObject({ refundStatus: 'pending' });
    expect(asked.length).toBe(asksBefore);

    for (const [wrong, reason] of [
      [{ currency: 'USD' }, 'refund in USD; we asked for INR'],
      [{ amount: 60_000n }, 'refund of 60000; we asked for 6000'],
    ] as const) {
      const id = await storedRefundEvent({ type: 'refund.succeeded', paymentReference, refundReference, amount: 6_000n, ...wrong });
      await expect(processWebhookEvent(tenant.pool, id)).rejects.toThrow(reason);
      expect(await storedEventRow(id)).toEqual({ status: 'rejected', last_error: expect.stringContaining(reason) });
      expect(await noteRow(note.id)).toBe('pending');
    }

    const succeeded = await storedRefundEvent({ type: 'refund.succeeded', paymentReference, refundReference, amount: 6_000n });
    expect(await processWebhookEvent(tenant.pool, succeeded)).toMatchObject({ status: 'processed', outcome: { effect: 'refund_settled', paymentId } });
    expect(await processWebhookEvent(tenant.pool, succeeded)).toEqual({ status: 'already_processed' });
    const replay = await storedRefundEvent({ type: 'refund.succeeded', paymentReference, refundReference, amount: 6_000n });
    expect(await processWebhookEvent(tenant.pool, replay)).toMatchObject({ outcome: { effect: 'none' } });
    const lateFailure = await storedRefundEvent({ type: 'refund.failed', paymentReference, refundReference, amount: 6_000n });
    expect(await processWebhookEvent(tenant.pool, lateFailure)).toMatchObject({ outcome: { effect: 'none' } });
    expect(await storedEventRow(lateFailure)).toEqual({ status: 'processed', last_error: expect.stringContaining('reported failed, but it succeeded already') });

    expect(await noteRow(note.id)).toBe('succeeded');
    expect((await tenant.pool.query('SELECT status, amount_refunded::text FROM payments WHERE id = $1', [paymentId])).rows[0]).toEqual({ status: 'partially_refunded', amount_refunded: '6000' });
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([]);
    expect((await eventsAbout(tenant.pool, note.refundId!)).map((event) => [event.type, event.object.status])).toEqual([['refund.succeeded', 'succeeded']]);
    expect((await eventsAbout(tenant.pool, note.id)).map((event) => [event.type, event.object.refundStatus])).toEqual([
      ['credit_note.created', 'pending'],
      ['credit_note.updated', 'succeeded'],
    ]);
  });

  it('a pending refund the provider later fails: the note says failed and its amount is on the balance, once', async () => {
    const { note, paymentId, paymentReference, refundReference } = await creditNoteWithPendingRefund(4_000n);
    await refundCreditNote.execute(note.id);
    const failed = await storedRefundEvent({ type: 'refund.failed', paymentReference, refundReference, amount: 4_000n });
    expect(await processWebhookEvent(tenant.pool, failed)).toMatchObject({ outcome: { effect: 'refund_failed' } });
    const lateSuccess = await storedRefundEvent({ type: 'refund.succeeded', paymentReference, refundReference, amount: 4_000n });
    expect(await processWebhookEvent(tenant.pool, lateSuccess)).toMatchObject({ outcome: { effect: 'none' } });
    expect(await noteRow(note.id)).toBe('failed');
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'INR', balance: 4_000n }]);
    expect((await tenant.pool.query('SELECT amount_refunded::text FROM payments WHERE id = $1', [paymentId])).rows[0].amount_refunded).toBe('0');
    expect((await eventsAbout(tenant.pool, note.refundId!)).map((event) => event.type)).toEqual(['refund.failed']);
  });

  it('a refund request left unanswered stays pending where asking again cannot refund twice (Stripe), and fails where it could (Paystack)', async () => {
    const unanswered = async (): Promise<RefundAnswer> => {
      throw new ProviderError('stripe', 503, 'api_error', 'Service unavailable');
    };
    const tenantDb = { connection: async () => tenant.db } as unknown as TenantDb;
    const stripeAccounts = { get: async () => ({ account: { id: accountId, provider: 'stripe', active: true }, adapter: { refund: unanswered } }) } as unknown as ProviderAccounts;
    const viaStripe = new RefundCreditNote(tenantDb, new RefundPayment(tenantDb, stripeAccounts));

    const stripePaid = await gstInvoice(129_857n);
    await tenant.pool.query(`UPDATE payments SET method = 'stripe' WHERE id = $1`, [stripePaid.paymentId]);
    const kept = await issueCreditNote(tenant.db, { invoiceId: stripePaid.invoice.id, reason: 'other', amount: 3_000n, refundAmount: 3_000n });
    await expect(viaStripe.execute(kept.id)).rejects.toThrow(/not sent/);
    expect(await noteRow(kept.id)).toBe('pending');
    expect((await tenant.pool.query('SELECT status FROM refunds WHERE id = $1', [kept.refundId])).rows[0].status).toBe('pending');
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([]);

    // The same answer from a provider that keys nothing on our idempotency key: the refund fails and the note credits the balance.
    answer = unanswered;
    const paystackPaid = await gstInvoice(129_857n);
    const failed = await issueCreditNote(tenant.db, { invoiceId: paystackPaid.invoice.id, reason: 'other', amount: 3_000n, refundAmount: 3_000n });
    expect(await refundCreditNote.execute(failed.id)).toMatchObject({ refundStatus: 'failed' });
    expect(await getCustomerBalances(tenant.db, customerId)).toEqual([{ currency: 'INR', balance: 3_000n }]);
  });

  it('no provider payment to refund: 400 naming refundAmount', async () => {
    const { invoice } = await gstInvoice(0n);
    await tenant.pool.query(`UPDATE invoices SET status = 'paid', amount_paid = amount_due, amount_due = 0, paid_at = now() WHERE id = $1`, [invoice.id]);
    await expect(issueCreditNote(tenant.db, { invoiceId: invoice.id, reason: 'other', amount: 100n, refundAmount: 100n })).rejects.toMatchObject({ details: { fields: [{ field: 'refundAmount' }] } });
  });
});
