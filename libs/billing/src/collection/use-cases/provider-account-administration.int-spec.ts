import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { CredentialsCipher } from '@nova/payments';
import type { TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import { ConnectProviderAccount, GetProviderAccount, ListProviderAccounts, RemoveProviderAccount, UpdateProviderAccount } from './provider-account-administration';
import { ProviderAccountViews } from './provider-account-view';

describe('provider account administration (real tenant database, the real cipher)', () => {
  let tenant: MigratedTenantDb;
  const cipher = CredentialsCipher.fromConfig({ encryptionKey: randomBytes(32).toString('hex') });
  const invalidated: string[] = [];
  let connect: ConnectProviderAccount;
  let update: UpdateProviderAccount;
  let remove: RemoveProviderAccount;
  let list: ListProviderAccounts;
  let get: GetProviderAccount;

  beforeAll(async () => {
    tenant = await migratedTenantDb('provider_accounts');
    const tenantDb = { connection: async () => tenant.db } as unknown as TenantDb;
    const accounts = {
      cipherContext: (id: string) => `tenant:t1/payment-provider-account:${id}`,
      webhookUrl: (provider: string, id: string) => `https://hooks.example.test/webhooks/${provider}/t1/${id}`,
      invalidate: (id: string) => invalidated.push(id),
    } as unknown as ProviderAccounts;
    const views = new ProviderAccountViews(accounts, cipher);
    connect = new ConnectProviderAccount(tenantDb, accounts, cipher, views);
    update = new UpdateProviderAccount(tenantDb, accounts, cipher, views);
    remove = new RemoveProviderAccount(tenantDb, accounts);
    list = new ListProviderAccounts(tenantDb, views);
    get = new GetProviderAccount(tenantDb, views);
  });
  afterAll(() => tenant.drop());

  const stored = async (id: string) => (await tenant.pool.query('SELECT encrypted_credentials, encrypted_webhook_secret, active FROM payment_provider_accounts WHERE id = $1', [id])).rows[0];

  it('connects an account with its credentials sealed, masked hints, and the currencies it collects by default', async () => {
    const account = await connect.execute({ provider: 'stripe', name: 'Stripe EU', credentials: { secretKey: 'sk_test_0123456789abcdef' }, webhookSecret: 'whsec_0123456789abcdef', defaultForCurrencies: ['USD', 'EUR', 'USD'] });

    expect(account).toMatchObject({ provider: 'stripe', name: 'Stripe EU', active: true, defaultForCurrencies: ['EUR', 'USD'], webhookUrl: `https://hooks.example.test/webhooks/stripe/t1/${account.id}` });
    expect(account.credentialHints.secretKey).not.toContain('0123456789');
    expect(account.webhookSecretHint).not.toContain('0123456789');
    const row = await stored(account.id);
    expect(row.encrypted_credentials).not.toContain('sk_test');
    expect(cipher.decryptJson(row.encrypted_credentials, `tenant:t1/payment-provider-account:${account.id}`)).toEqual({ secretKey: 'sk_test_0123456789abcdef' });
    expect(await get.execute(account.id)).toEqual(account);
  });

  it('refuses what the provider cannot work with (400) and stores nothing', async () => {
    const before = (await list.execute({ limit: 100 })).data.length;
    await expect(connect.execute({ provider: 'stripe', credentials: { secretKey: 'sk_test_0123456789abcdef' } })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(connect.execute({ provider: 'paystack', credentials: {} })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect((await list.execute({ limit: 100 })).data).toHaveLength(before);
  });

  it('another account taking a currency moves the default; deactivating drops every default', async () => {
    const first = await connect.execute({ provider: 'paystack', credentials: { secretKey: 'sk_test_paystack_000000000001' }, defaultForCurrencies: ['NGN', 'GHS'] });
    const second = await connect.execute({ provider: 'paystack', credentials: { secretKey: 'sk_test_paystack_000000000002' }, defaultForCurrencies: ['NGN'] });
    expect((await get.execute(first.id)).defaultForCurrencies).toEqual(['GHS']);
    expect((await get.execute(second.id)).defaultForCurrencies).toEqual(['NGN']);

    const renamed = await update.execute({ accountId: first.id, name: 'Paystack Ghana', defaultForCurrencies: ['GHS', 'KES'] });
    expect(renamed).toMatchObject({ name: 'Paystack Ghana', defaultForCurrencies: ['GHS', 'KES'], active: true });
    const deactivated = await update.execute({ accountId: first.id, active: false });
    expect(deactivated).toMatchObject({ name: 'Paystack Ghana', active: false, defaultForCurrencies: [] });
    expect(invalidated).toContain(first.id);
  });

  it('new credentials replace the sealed ones; an unknown account is not found', async () => {
    const account = await connect.execute({ provider: 'paystack', credentials: { secretKey: 'sk_test_paystack_000000000003' } });
    const changed = await update.execute({ accountId: account.id, credentials: { secretKey: 'sk_test_paystack_999999999999' } });
    expect(changed.credentialHints.secretKey).not.toEqual(account.credentialHints.secretKey);
    expect(cipher.decryptJson((await stored(account.id)).encrypted_credentials, `tenant:t1/payment-provider-account:${account.id}`)).toEqual({ secretKey: 'sk_test_paystack_999999999999' });
    await expect(update.execute({ accountId: '00000000-0000-4000-8000-000000000000', name: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('removes an unused account; one with payment history can only be deactivated (409)', async () => {
    const unused = await connect.execute({ provider: 'paystack', credentials: { secretKey: 'sk_test_paystack_000000000004' } });
    await remove.execute(unused.id);
    await expect(get.execute(unused.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });

    const used = await connect.execute({ provider: 'paystack', credentials: { secretKey: 'sk_test_paystack_000000000005' } });
    const { invoiceId, customerId } = await seedSubscription(tenant.pool);
    await tenant.pool.query(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, updated_at) VALUES (gen_random_uuid(), $1, $2, 100, 'KES', 'pending', 'paystack', $3, 'ref-used', now())`,
      [invoiceId, customerId, used.id],
    );
    await expect(remove.execute(used.id)).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect((await get.execute(used.id)).id).toBe(used.id);
  });
});
