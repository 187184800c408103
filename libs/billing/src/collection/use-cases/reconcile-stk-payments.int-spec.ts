import { Logger } from '@nestjs/common';
import type { VerifiedTransaction } from '@nova/payments';
import type { TenantContext, TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import { StkReconciliation } from './reconcile-stk-payments';

describe('StkReconciliation: M-Pesa payments left pending are asked about (real tenant database, a stub STK query)', () => {
  // Its warnings are what the cases provoke on purpose.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));
  let tenant: MigratedTenantDb;
  let accountId: string;
  const answers = new Map<string, (reference: string) => Promise<VerifiedTransaction>>();
  let reconciliation: StkReconciliation;
  const policy = { queryAfterSeconds: 60, giveUpAfterHours: 24 };

  beforeAll(async () => {
    tenant = await migratedTenantDb('stk_reconciliation');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'mpesa', 'M-Pesa', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    const adapter = { verifyTransaction: (reference: string) => answers.get(reference)!(reference) };
    reconciliation = new StkReconciliation(
      { connection: async () => tenant.db } as unknown as TenantDb,
      { get: async () => ({ account: { id: accountId, provider: 'mpesa', active: true }, adapter }) } as unknown as ProviderAccounts,
      { tenantId: 't1', mode: 'live', jobTenant: { tenantId: 't1', mode: 'live' } } as unknown as TenantContext,
    );
  });
  afterAll(() => tenant.drop());

  let sequence = 0;
  async function pendingStk(ageSeconds: number, answer: (reference: string) => Promise<VerifiedTransaction>) {
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    const reference = `ws_CO_${++sequence}`;
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 250000, 'KES', 'pending', 'mpesa', $3, $4, now() - make_interval(secs => $5), now()) RETURNING id`,
      [invoiceId, customerId, accountId, reference, ageSeconds],
    );
    answers.set(reference, answer);
    return { invoiceId, paymentId: rows[0]!.id, reference };
  }
  const verified = (reference: string, status: VerifiedTransaction['status']): VerifiedTransaction => ({ status, amountMinor: null, currency: 'KES', providerReference: reference, raw: {} });
  const payment = async (id: string) => (await tenant.pool.query('SELECT status, review_reason FROM payments WHERE id = $1', [id])).rows[0];
  const invoiceStatus = async (id: string) => (await tenant.pool.query('SELECT status FROM invoices WHERE id = $1', [id])).rows[0].status;

  it('settles the paid, fails the declined, keeps the still pending and the too recent, and gives up on queries erring past the age cap', async () => {
    const paid = await pendingStk(600, async (reference) => verified(reference, 'succeeded'));
    const declined = await pendingStk(600, async (reference) => verified(reference, 'failed'));
    const waiting = await pendingStk(600, async (reference) => verified(reference, 'pending'));
    const recent = await pendingStk(5, async () => {
      throw new Error('never asked: too recent');
    });
    const erring = await pendingStk(600, async () => {
      throw new Error('Daraja busy');
    });
    const abandoned = await pendingStk(25 * 3600, async () => {
      throw new Error('Daraja busy');
    });

    const result = await reconciliation.execute(policy);

    expect(result).toEqual({ checked: 5, settled: 1, failed: 1, pending: 1, errors: 1, gaveUp: 1, failedInvoiceIds: [declined.invoiceId] });
    expect(await payment(paid.paymentId)).toEqual({ status: 'succeeded', review_reason: null });
    expect(await invoiceStatus(paid.invoiceId)).toBe('paid');
    expect((await payment(declined.paymentId)).status).toBe('failed');
    expect((await payment(waiting.paymentId)).status).toBe('pending');
    expect((await payment(recent.paymentId)).status).toBe('pending');
    expect((await payment(erring.paymentId)).status).toBe('pending');
    expect(await payment(abandoned.paymentId)).toMatchObject({ status: 'failed', review_reason: expect.stringContaining('M-Pesa STK query still failing after 25 h pending') });
    expect(await invoiceStatus(abandoned.invoiceId)).toBe('open');

    // The next run asks only about what is still pending.
    expect((await reconciliation.execute(policy)).checked).toBe(2);
  });
});
