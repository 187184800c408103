import { randomUUID } from 'node:crypto';
import { PLATFORM_PLANS, DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createCustomer } from './create-customer';
import { updateCustomer } from './update-customer';

/** The customers limit is tested in platform-allowance.int-spec.ts; here it is out of the way. */
const NO_PLAN_LIMITS = PLATFORM_PLANS.scale.limits;

describe('updateCustomer (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('update_customer_uc');
  });
  afterAll(() => tenant.drop());

  it('changes only the fields given', async () => {
    const customer = await createCustomer(tenant.db, { name: 'Amani', email: 'amani@example.test', phone: '+254700000001', metadata: { a: '1' } }, NO_PLAN_LIMITS);
    const updated = await updateCustomer(tenant.db, { id: customer.id, email: 'amani@new.example.test', currency: 'KES', address: { city: 'Mombasa' } });
    expect(updated).toMatchObject({ name: 'Amani', email: 'amani@new.example.test', phone: '+254700000001', currency: 'KES', address: { city: 'Mombasa' }, metadata: { a: '1' }, createdAt: customer.createdAt });
    const { rows } = await tenant.pool.query('SELECT name, email, phone, currency, address, metadata FROM customers WHERE id = $1', [customer.id]);
    expect(rows).toEqual([{ name: 'Amani', email: 'amani@new.example.test', phone: '+254700000001', currency: 'KES', address: { city: 'Mombasa' }, metadata: { a: '1' } }]);
  });

  it("refuses another customer's externalId as a conflict naming externalId and keeps the row", async () => {
    await createCustomer(tenant.db, { name: 'Holder', email: 'holder@example.test', externalId: 'crm-7' }, NO_PLAN_LIMITS);
    const other = await createCustomer(tenant.db, { name: 'Other', email: 'other@example.test', externalId: 'crm-8' }, NO_PLAN_LIMITS);
    const refused = updateCustomer(tenant.db, { id: other.id, externalId: 'crm-7', name: 'Renamed' });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [expect.objectContaining({ field: 'externalId' })] } });
    expect((await tenant.pool.query('SELECT name, external_id FROM customers WHERE id = $1', [other.id])).rows).toEqual([{ name: 'Other', external_id: 'crm-8' }]);
  });

  it('answers an unknown customer with not found', async () => {
    await expect(updateCustomer(tenant.db, { id: randomUUID(), name: 'Ghost' })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });

  it('merges metadata: keys given are set, an empty string removes one, others stay; concurrent patches both land', async () => {
    const customer = await createCustomer(tenant.db, { name: 'Meta', email: 'meta@example.test', metadata: { plan: 'gold', region: 'KE', seats: 5 } }, NO_PLAN_LIMITS);
    const updated = await updateCustomer(tenant.db, { id: customer.id, metadata: { region: 'NG', seats: '', vip: true } });
    expect(updated.metadata).toEqual({ plan: 'gold', region: 'NG', vip: true });
    await Promise.all([updateCustomer(tenant.db, { id: customer.id, metadata: { a: 1 } }), updateCustomer(tenant.db, { id: customer.id, metadata: { b: 2 } })]);
    expect((await tenant.pool.query('SELECT metadata FROM customers WHERE id = $1', [customer.id])).rows[0].metadata).toEqual({ plan: 'gold', region: 'NG', vip: true, a: 1, b: 2 });
    const full = Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`k${i}`, i]));
    await expect(updateCustomer(tenant.db, { id: customer.id, metadata: full })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'metadata' }] } });
    await expect(updateCustomer(tenant.db, { id: randomUUID(), metadata: { a: 1 } })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
