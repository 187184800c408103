import { randomUUID } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { PLATFORM_PLANS, DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { findCustomerForBilling } from '..';
import { createCustomer } from './create-customer';
import { getCustomer, listCustomers } from './get-customer';

/** The customers limit is tested in platform-allowance.int-spec.ts; here it is out of the way. */
const NO_PLAN_LIMITS = PLATFORM_PLANS.scale.limits;

// Reads, but the hot path of the API: pagination and the billing lock are worth a real database.
describe('customer reads (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  const ids: string[] = [];
  beforeAll(async () => {
    tenant = await migratedTenantDb('customer_reads');
    for (let i = 0; i < 5; i += 1) ids.push((await createCustomer(tenant.db, { name: `Customer ${i}`, email: `c${i}@example.test`, currency: i === 0 ? 'KES' : undefined }, NO_PLAN_LIMITS)).id);
    // Two of them share a creation instant: the id breaks the tie.
    await tenant.pool.query(`UPDATE customers SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY($1::uuid[])`, [[ids[1], ids[2]]]);
    ids.push((await createCustomer(tenant.db, { name: '100%_match', email: 'odd@example.test' }, NO_PLAN_LIMITS)).id);
  });
  afterAll(() => tenant.drop());

  it('pages through every customer newest first, each once, the last page without a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listCustomers(tenant.db, { limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((customer) => customer.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(6);
    const { rows } = await tenant.pool.query<{ id: string }>('SELECT id FROM customers ORDER BY created_at DESC, id DESC');
    expect(seen).toEqual(rows.map((row) => row.id));
  });

  it('searches name and e-mail, taking % and _ literally; a foreign cursor is a validation error', async () => {
    expect((await listCustomers(tenant.db, { limit: 10, search: 'C3@EXAMPLE' })).data.map((c) => c.id)).toEqual([ids[3]]);
    expect((await listCustomers(tenant.db, { limit: 10, search: '%_' })).data.map((c) => c.id)).toEqual([ids[5]]);
    await expect(listCustomers(tenant.db, { limit: 10, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
  });

  it('gets one customer; an unknown one is not found', async () => {
    expect(await getCustomer(tenant.db, ids[0]!)).toMatchObject({ id: ids[0], name: 'Customer 0', currency: 'KES' });
    await expect(getCustomer(tenant.db, randomUUID())).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });

  it('findCustomerForBilling holds the customer FOR SHARE until the transaction ends', async () => {
    await inTransaction(tenant.pool, async (client) => {
      expect(await findCustomerForBilling(client, ids[0]!)).toEqual({ id: ids[0], currency: 'KES' });
      const blocked = inTransaction(tenant.pool, async (other) => {
        await other.query(`SET LOCAL lock_timeout = '200ms'`);
        await other.query('DELETE FROM customers WHERE id = $1', [ids[0]]);
      });
      await expect(blocked).rejects.toMatchObject({ code: '55P03' }); // lock_not_available
    });
    expect(await findCustomerForBilling(tenant.pool, randomUUID())).toBeUndefined();
  });
});
