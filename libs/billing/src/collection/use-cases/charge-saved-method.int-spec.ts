import type { Pool } from 'pg';
import type { CredentialsCipher } from '@nova/payments';
import type { TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import { ChargeSavedMethod } from './charge-saved-method';

type ChargeAnswer = { status: 'succeeded' | 'pending' | 'failed'; providerReference: string; failureMessage?: string };

describe('ChargeSavedMethod: an off-session charge of the default saved method (real tenant database, a stub adapter)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let answer: (reference: string) => Promise<ChargeAnswer>;
  const charged: { reference: string; amountMinor: bigint; savedMethod: { token: string } }[] = [];
  let charge: ChargeSavedMethod;

  beforeAll(async () => {
    tenant = await migratedTenantDb('saved_charge');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    const adapter = {
      chargeSaved: async (request: { reference: string; amountMinor: bigint; savedMethod: { token: string } }) => {
        charged.push(request);
        return answer(request.reference);
      },
    };
    charge = new ChargeSavedMethod(
      { connection: async () => tenant.db } as unknown as TenantDb,
      { get: async () => ({ account: { id: accountId, provider: 'paystack', active: true }, adapter }), cipherContext: (id: string) => `ctx:${id}` } as unknown as ProviderAccounts,
      { decrypt: (sealed: string) => sealed.replace('sealed:', '') } as unknown as CredentialsCipher,
    );
  });
  afterAll(() => tenant.drop());

  async function withSavedMethod(pool: Pool) {
    const seeded = await seedSubscription(pool);
    await pool.query(
      `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, is_default) VALUES (gen_random_uuid(), $1, $2, 'sealed:AUTH_1', 'AUTH…1', $3, true)`,
      [seeded.customerId, accountId, `fp-${seeded.customerId}`],
    );
    return seeded;
  }
  const invoice = async (id: string) => (await tenant.pool.query('SELECT status, amount_due::text FROM invoices WHERE id = $1', [id])).rows[0];
  const payment = async (id: string) => (await tenant.pool.query('SELECT status, amount::text, provider_reference, failure_message FROM payments WHERE id = $1', [id])).rows[0];

  it('a charge the provider accepts at once settles the invoice as its webhook would', async () => {
    const { invoiceId } = await withSavedMethod(tenant.pool);
    answer = async (reference) => ({ status: 'succeeded', providerReference: reference });
    const outcome = await charge.execute({ invoiceId, attempt: 1 });

    expect(outcome).toEqual({ status: 'succeeded', paymentId: expect.any(String) });
    expect(charged.at(-1)).toMatchObject({ reference: `chg_${invoiceId.replace(/-/g, '')}_1`, amountMinor: 250000n, savedMethod: { token: 'AUTH_1' } });
    expect(await payment((outcome as { paymentId: string }).paymentId)).toMatchObject({ status: 'succeeded', amount: '250000' });
    expect(await invoice(invoiceId)).toEqual({ status: 'paid', amount_due: '0' });
    // Nothing is left to charge: the next attempt is skipped.
    expect(await charge.execute({ invoiceId, attempt: 2 })).toEqual({ status: 'skipped', reason: 'invoice is not open' });
  });

  it('a declined charge fails its payment and leaves the invoice open', async () => {
    const { invoiceId } = await withSavedMethod(tenant.pool);
    answer = async (reference) => ({ status: 'failed', providerReference: reference, failureMessage: 'insufficient funds' });
    const outcome = await charge.execute({ invoiceId, attempt: 1 });

    expect(outcome).toEqual({ status: 'failed', paymentId: expect.any(String), reason: 'insufficient funds' });
    expect(await payment((outcome as { paymentId: string }).paymentId)).toMatchObject({ status: 'failed', failure_message: 'insufficient funds' });
    expect(await invoice(invoiceId)).toEqual({ status: 'open', amount_due: '250000' });
  });

  it('a charge pending at the provider stays pending; a customer without a saved method is skipped', async () => {
    const { invoiceId } = await withSavedMethod(tenant.pool);
    answer = async () => ({ status: 'pending', providerReference: 'psk-pending-1' });
    const outcome = await charge.execute({ invoiceId, attempt: 1 });
    expect(await payment((outcome as { paymentId: string }).paymentId)).toMatchObject({ status: 'pending', provider_reference: 'psk-pending-1' });

    const bare = await seedSubscription(tenant.pool);
    expect(await charge.execute({ invoiceId: bare.invoiceId, attempt: 1 })).toEqual({ status: 'skipped', reason: 'customer has no saved payment method' });
  });
});
