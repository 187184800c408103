import { ErrorCode } from '@nova/domain';
import type { SavedPaymentMethod } from '@nova/payments';
import type { TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import type { SavedMethodSealer } from '../saved-methods';
import { SavePaymentMethod, listPaymentMethods, removePaymentMethod } from './payment-methods';

describe('saved payment methods (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  const accounts: Record<string, { id: string; provider: string; active: boolean }> = {};
  let save: SavePaymentMethod;

  beforeAll(async () => {
    tenant = await migratedTenantDb('payment_methods');
    for (const [key, provider, active] of [['paystack', 'paystack', true], ['mpesa', 'mpesa', true], ['inactive', 'stripe', false]] as const) {
      const { rows } = await tenant.pool.query<{ id: string }>(
        `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, active, updated_at) VALUES (gen_random_uuid(), $1, $1, 'sealed', '{}', $2, now()) RETURNING id`,
        [provider, active],
      );
      accounts[key] = { id: rows[0]!.id, provider, active };
    }
    save = new SavePaymentMethod(
      { connection: async () => tenant.db } as unknown as TenantDb,
      { find: async (id: string) => { const account = Object.values(accounts).find((a) => a.id === id); return account ? { account } : null; } } as unknown as ProviderAccounts,
      { seal: (_accountId: string, method: SavedPaymentMethod) => ({ encryptedToken: `sealed:${method.token}`, tokenHint: `…${method.token.slice(-2)}`, tokenFingerprint: `fp:${method.token}`, providerCustomerId: method.customerId ?? null }) } as unknown as SavedMethodSealer,
    );
  });
  afterAll(() => tenant.drop());

  it('the newest saved method is the default; saving the same token again keeps its row', async () => {
    const { customerId } = await seedSubscription(tenant.pool);
    const first = await save.execute({ customerId, accountId: accounts.paystack!.id, token: 'AUTH_11' });
    const second = await save.execute({ customerId, accountId: accounts.paystack!.id, token: 'AUTH_22', providerCustomerId: 'CUS_1' });
    expect(first).toMatchObject({ customerId, accountId: accounts.paystack!.id, tokenHint: '…11', isDefault: true });

    expect((await listPaymentMethods(tenant.db, customerId, { limit: 100 })).data.map(({ id, isDefault }) => ({ id, isDefault }))).toEqual([
      { id: second.id, isDefault: true },
      { id: first.id, isDefault: false },
    ]);
    expect((await save.execute({ customerId, accountId: accounts.paystack!.id, token: 'AUTH_22' })).id).toBe(second.id);
    expect((await listPaymentMethods(tenant.db, customerId, { limit: 100 })).data).toHaveLength(2);
    const { rows } = await tenant.pool.query('SELECT encrypted_token FROM payment_methods WHERE id = $1', [second.id]);
    expect(rows[0].encrypted_token).toBe('sealed:AUTH_22');
  });

  it('refuses deactivated and M-Pesa accounts (400), unknown customers (404)', async () => {
    const { customerId } = await seedSubscription(tenant.pool);
    await expect(save.execute({ customerId, accountId: accounts.inactive!.id, token: 'pm_1' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(save.execute({ customerId, accountId: accounts.mpesa!.id, token: 'pm_1' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    const stranger = '00000000-0000-4000-8000-000000000000';
    await expect(save.execute({ customerId: stranger, accountId: accounts.paystack!.id, token: 'pm_1' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(listPaymentMethods(tenant.db, stranger, { limit: 100 })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect((await listPaymentMethods(tenant.db, customerId, { limit: 100 })).data).toEqual([]);
  });

  it('removes a customer\'s method; another customer\'s method id is not found', async () => {
    const owner = await seedSubscription(tenant.pool);
    const other = await seedSubscription(tenant.pool);
    const method = await save.execute({ customerId: owner.customerId, accountId: accounts.paystack!.id, token: 'AUTH_33' });
    await expect(removePaymentMethod(tenant.db, { customerId: other.customerId, paymentMethodId: method.id })).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await removePaymentMethod(tenant.db, { customerId: owner.customerId, paymentMethodId: method.id });
    expect((await listPaymentMethods(tenant.db, owner.customerId, { limit: 100 })).data).toEqual([]);
  });
});
