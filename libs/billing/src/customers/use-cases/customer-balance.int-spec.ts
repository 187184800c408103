import { inTransaction } from '@nova/common';
import { PLATFORM_PLANS } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createCustomer } from './create-customer';
import { deleteCustomer } from './delete-customer';
import { adjustCustomerBalance, getCustomerBalances, listBalanceTransactions, lockCreditBalance, recordBalanceTransaction } from './customer-balance';

/** The customers limit is tested in platform-allowance.int-spec.ts; here it is out of the way. */
const NO_PLAN_LIMITS = PLATFORM_PLANS.scale.limits;

describe('customer credit balance (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('customer_balance_uc');
  });
  afterAll(() => tenant.drop());

  // Ledger rows are stamped to the millisecond: the ordering test waits a little between movements.
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
  const newCustomer = (name: string) => createCustomer(tenant.db, { name, email: `${name}@example.test` }, NO_PLAN_LIMITS);

  it('keeps a ledger with a running balance per currency', async () => {
    const customer = await newCustomer('ledger');
    await adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: 5_000n, reason: 'Goodwill for the outage' });
    await tick();
    await adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'USD', amount: 300n, reason: 'Promo' });
    await tick();
    const used = await inTransaction(tenant.pool, (client) => recordBalanceTransaction(client, { customerId: customer.id, currency: 'KES', amount: -1_200n, type: 'applied_to_invoice' }));
    expect(used).toMatchObject({ amount: -1_200n, endingBalance: 3_800n, type: 'applied_to_invoice' });

    expect(await getCustomerBalances(tenant.db, customer.id)).toEqual([
      { currency: 'KES', balance: 3_800n },
      { currency: 'USD', balance: 300n },
    ]);
    const page = await listBalanceTransactions(tenant.db, customer.id, { limit: 2 });
    expect(page.data.map((row) => [row.currency, row.amount, row.endingBalance])).toEqual([
      ['KES', -1_200n, 3_800n],
      ['USD', 300n, 300n],
    ]);
    expect(page.hasMore).toBe(true);
    const rest = await listBalanceTransactions(tenant.db, customer.id, { limit: 2, cursor: page.nextCursor! });
    expect(rest.data.map((row) => row.reason)).toEqual(['Goodwill for the outage']);
  });

  it('never takes more credit than the customer holds, and writes nothing when it refuses', async () => {
    const customer = await newCustomer('overdraw');
    await adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: 1_000n, reason: 'Credit' });
    await expect(adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: -1_001n, reason: 'Too much' })).rejects.toMatchObject({
      details: { fields: [{ field: 'amount' }] },
    });
    expect(await getCustomerBalances(tenant.db, customer.id)).toEqual([{ currency: 'KES', balance: 1_000n }]);
    expect((await listBalanceTransactions(tenant.db, customer.id, { limit: 10 })).data).toHaveLength(1);
  });

  it('serializes concurrent movements of one balance: no credit is spent twice', async () => {
    const customer = await newCustomer('concurrent');
    await adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: 1_000n, reason: 'Credit' });
    const spend = () => inTransaction(tenant.pool, (client) => recordBalanceTransaction(client, { customerId: customer.id, currency: 'KES', amount: -600n, type: 'applied_to_invoice' }));
    const outcomes = await Promise.allSettled([spend(), spend()]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(await getCustomerBalances(tenant.db, customer.id)).toEqual([{ currency: 'KES', balance: 400n }]);
  });

  it('reads the balance under lock as 0 for a currency never held', async () => {
    const customer = await newCustomer('fresh');
    expect(await inTransaction(tenant.pool, (client) => lockCreditBalance(client, customer.id, 'NGN'))).toBe(0n);
  });

  it('refuses bad adjustments naming the field', async () => {
    const customer = await newCustomer('bad');
    const adjust = (changes: object) => adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: 10n, reason: 'ok', ...changes });
    await expect(adjust({ reason: '  ' })).rejects.toMatchObject({ details: { fields: [{ field: 'reason' }] } });
    await expect(adjust({ reason: 'x'.repeat(501) })).rejects.toMatchObject({ details: { fields: [{ field: 'reason' }] } });
    await expect(adjust({ currency: 'XYZ' })).rejects.toMatchObject({ details: { fields: [{ field: 'currency' }] } });
    await expect(adjust({ amount: 1_000_000_000_001n })).rejects.toMatchObject({ details: { fields: [{ field: 'amount' }] } });
    await expect(adjust({ amount: 0n })).rejects.toMatchObject({ details: { fields: [{ field: 'amount' }] } });
    await expect(adjust({ customerId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps a customer with credit history from being deleted', async () => {
    const customer = await newCustomer('history');
    await adjustCustomerBalance(tenant.db, { customerId: customer.id, currency: 'KES', amount: 10n, reason: 'Credit' });
    await expect(deleteCustomer(tenant.db, customer.id)).rejects.toThrow(/credit balance/);
  });
});
