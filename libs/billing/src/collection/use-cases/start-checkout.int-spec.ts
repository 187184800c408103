import { ErrorCode } from '@nova/domain';
import type { TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import { StartCheckout } from './start-checkout';

type Started = { status: 'redirect'; providerReference: string; redirectUrl: string } | { status: 'pending'; providerReference: string };

describe('StartCheckout (real tenant database, a stub provider adapter)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let answer: (request: { reference: string; amountMinor: bigint }) => Promise<Started>;
  let checkout: StartCheckout;

  beforeAll(async () => {
    tenant = await migratedTenantDb('checkout');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    const resolved = { account: { id: accountId, provider: 'paystack', active: true }, adapter: { initiatePayment: (request: { reference: string; amountMinor: bigint }) => answer(request) } };
    checkout = new StartCheckout(
      { connection: async () => tenant.db } as unknown as TenantDb,
      { defaultFor: async () => resolved, get: async () => resolved } as unknown as ProviderAccounts,
    );
  });
  afterAll(() => tenant.drop());

  const payments = async (invoiceId: string) =>
    (await tenant.pool.query('SELECT status, amount::text, provider_reference, redirect_url, failure_message FROM payments WHERE invoice_id = $1 ORDER BY created_at', [invoiceId])).rows;

  it('records a pending payment before the provider is asked, then its reference and redirect', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    answer = async ({ reference }) => ({ status: 'redirect', providerReference: `psk_${reference}`, redirectUrl: 'https://checkout.example.test/abc' });
    const started = await checkout.execute({ invoiceId, amountMinor: 100000n });

    expect(started).toMatchObject({ status: 'pending', provider: 'paystack', redirectUrl: 'https://checkout.example.test/abc', amount: 100000n, currency: 'KES' });
    expect(started.providerReference).toBe(`psk_pay_${started.paymentId.replace(/-/g, '')}`);
    expect(await payments(invoiceId)).toEqual([{ status: 'pending', amount: '100000', provider_reference: started.providerReference, redirect_url: 'https://checkout.example.test/abc', failure_message: null }]);
    // Starting a checkout changes nothing on the invoice.
    expect((await tenant.pool.query('SELECT status, amount_due::text FROM invoices WHERE id = $1', [invoiceId])).rows[0]).toEqual({ status: 'open', amount_due: '250000' });
  });

  it('a provider failure fails the pending payment and reaches the caller', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    answer = async () => {
      throw new Error('gateway timeout');
    };
    await expect(checkout.execute({ invoiceId })).rejects.toThrow('gateway timeout');
    expect(await payments(invoiceId)).toEqual([expect.objectContaining({ status: 'failed', amount: '250000', failure_message: 'gateway timeout' })]);
  });

  it('refuses more than is due (400) and invoices that take no payment (409), recording nothing', async () => {
    const { invoiceId } = await seedSubscription(tenant.pool);
    await expect(checkout.execute({ invoiceId, amountMinor: 250001n })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await tenant.pool.query(`UPDATE invoices SET status = 'void', amount_due = 0 WHERE id = $1`, [invoiceId]);
    await expect(checkout.execute({ invoiceId })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect(await payments(invoiceId)).toEqual([]);
  });
});
