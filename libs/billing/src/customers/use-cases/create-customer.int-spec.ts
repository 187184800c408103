import { PLATFORM_PLANS, DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createCustomer } from './create-customer';
import { updateCustomer } from './update-customer';

/** The customers limit is tested in platform-allowance.int-spec.ts; here it is out of the way. */
const NO_PLAN_LIMITS = PLATFORM_PLANS.scale.limits;

describe('createCustomer (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('create_customer_uc');
  });
  afterAll(() => tenant.drop());

  it('stores every field given; the rest null, metadata empty', async () => {
    const full = await createCustomer(tenant.db, {
      name: 'Wanjiru Kamau',
      email: 'wanjiru@example.co.ke',
      phone: '+254712345678',
      currency: 'KES',
      externalId: 'crm-1',
      taxId: 'P051234567X',
      address: { line1: '1 Moi Ave', city: 'Nairobi', country: 'KE' },
      metadata: { segment: 'home' },
    }, NO_PLAN_LIMITS);
    const { rows } = await tenant.pool.query('SELECT external_id, name, email, phone, currency, address, tax_id, metadata FROM customers WHERE id = $1', [full.id]);
    expect(rows).toEqual([
      { external_id: 'crm-1', name: 'Wanjiru Kamau', email: 'wanjiru@example.co.ke', phone: '+254712345678', currency: 'KES', address: { line1: '1 Moi Ave', city: 'Nairobi', country: 'KE' }, tax_id: 'P051234567X', metadata: { segment: 'home' } },
    ]);
    expect(full).toMatchObject({ externalId: 'crm-1', currency: 'KES', taxId: 'P051234567X', address: { city: 'Nairobi' } });

    const bare = await createCustomer(tenant.db, { name: 'Otieno', email: 'otieno@example.co.ke' }, NO_PLAN_LIMITS);
    expect(bare).toEqual({
      id: expect.any(String),
      externalId: null,
      name: 'Otieno',
      email: 'otieno@example.co.ke',
      phone: null,
      currency: null,
      address: null,
      taxId: null,
      metadata: {},
      paymentTermsDays: null,
      taxStatus: 'taxable',
      testClockId: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
  });

  it('refuses a second customer with the same externalId as a conflict naming externalId, and stores nothing', async () => {
    await createCustomer(tenant.db, { name: 'First', email: 'first@example.test', externalId: 'crm-dup' }, NO_PLAN_LIMITS);
    const refused = createCustomer(tenant.db, { name: 'Second', email: 'second@example.test', externalId: 'crm-dup' }, NO_PLAN_LIMITS);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.Conflict, details: { fields: [expect.objectContaining({ field: 'externalId' })] } });
    expect((await tenant.pool.query(`SELECT name FROM customers WHERE external_id = 'crm-dup'`)).rows).toEqual([{ name: 'First' }]);
  });

  it('accepts two customers with one e-mail address (it is not unique: households and companies share one)', async () => {
    await createCustomer(tenant.db, { name: 'Parent', email: 'family@example.test' }, NO_PLAN_LIMITS);
    await createCustomer(tenant.db, { name: 'Child', email: 'family@example.test' }, NO_PLAN_LIMITS);
    expect((await tenant.pool.query(`SELECT 1 FROM customers WHERE email = 'family@example.test'`)).rowCount).toBe(2);
  });
});

describe("a customer's payment terms (real tenant database)", () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('customer_terms_uc');
  });
  afterAll(() => tenant.drop());

  it('are stored when given, kept by updates that leave them out, and bounded like the tenant default', async () => {
    const customer = await createCustomer(tenant.db, { name: 'Terms', email: 'terms@example.test', paymentTermsDays: 7 }, NO_PLAN_LIMITS);
    expect(customer.paymentTermsDays).toBe(7);
    expect((await updateCustomer(tenant.db, { id: customer.id, name: 'Terms Ltd' })).paymentTermsDays).toBe(7);
    expect((await updateCustomer(tenant.db, { id: customer.id, paymentTermsDays: 0 })).paymentTermsDays).toBe(0);
    expect((await createCustomer(tenant.db, { name: 'Default', email: 'default@example.test' }, NO_PLAN_LIMITS)).paymentTermsDays).toBeNull();
    for (const days of [-1, 366, 1.5]) {
      await expect(createCustomer(tenant.db, { name: 'Bad', email: 'bad@example.test', paymentTermsDays: days }, NO_PLAN_LIMITS)).rejects.toMatchObject({ details: { fields: [{ field: 'paymentTermsDays' }] } });
      await expect(updateCustomer(tenant.db, { id: customer.id, paymentTermsDays: days })).rejects.toMatchObject({ details: { fields: [{ field: 'paymentTermsDays' }] } });
    }
  });
});
