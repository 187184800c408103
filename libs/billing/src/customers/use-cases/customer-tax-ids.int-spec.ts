import { MigratedTenantDb, migratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createCustomer } from './create-customer';
import { addCustomerTaxId, deleteCustomerTaxId, listCustomerTaxIds } from './customer-tax-ids';
import { updateCustomer } from './update-customer';
import { selectCustomerTaxDetails } from '../customer-tax-ids.repository';

describe('customer tax ids and tax status (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('customer_tax_ids_uc');
  });
  afterAll(() => db.drop());

  it('adds normalised ids, refuses the same one twice (409 on value) and bad ones (400 naming the part), lists and deletes', async () => {
    const customer = await createCustomer(db.db, { name: 'Kaveri Traders', email: 'kaveri@example.test' }, { customers: null });
    expect(customer.taxStatus).toBe('taxable');
    const gstin = await addCustomerTaxId(db.db, { customerId: customer.id, type: 'in_gstin', value: ' 29aaacc1206d1zc ' });
    expect(gstin).toMatchObject({ type: 'in_gstin', value: '29AAACC1206D1ZC' });
    await expect(addCustomerTaxId(db.db, { customerId: customer.id, type: 'in_gstin', value: '29AAACC1206D1ZC' })).rejects.toMatchObject({ code: 'conflict', details: { fields: [{ field: 'value' }] } });
    await expect(addCustomerTaxId(db.db, { customerId: customer.id, type: 'in_gstin', value: '29AAACC1206D1ZD' })).rejects.toMatchObject({ details: { fields: [{ field: 'value', message: 'has a wrong check character' }] } });
    await expect(addCustomerTaxId(db.db, { customerId: customer.id, type: 'xx', value: '1' })).rejects.toMatchObject({ details: { fields: [{ field: 'type' }] } });
    await expect(addCustomerTaxId(db.db, { customerId: '00000000-0000-4000-8000-000000000000', type: 'ke_pin', value: 'P051234567X' })).rejects.toMatchObject({ code: 'not_found' });
    const pin = await addCustomerTaxId(db.db, { customerId: customer.id, type: 'ke_pin', value: 'p051234567x' });

    expect((await listCustomerTaxIds(db.db, customer.id, { limit: 10 })).data.map((id) => id.value)).toEqual(['P051234567X', '29AAACC1206D1ZC']); // newest first
    const first = await listCustomerTaxIds(db.db, customer.id, { limit: 1 });
    expect({ values: first.data.map((id) => id.value), hasMore: first.hasMore }).toEqual({ values: ['P051234567X'], hasMore: true });
    const next = await listCustomerTaxIds(db.db, customer.id, { limit: 1, startingAfter: first.data[0]!.id });
    expect({ values: next.data.map((id) => id.value), hasMore: next.hasMore }).toEqual({ values: ['29AAACC1206D1ZC'], hasMore: false });
    await deleteCustomerTaxId(db.db, customer.id, pin.id);
    await expect(deleteCustomerTaxId(db.db, customer.id, pin.id)).rejects.toMatchObject({ code: 'not_found' });

    const exempt = await updateCustomer(db.db, { id: customer.id, taxStatus: 'exempt' });
    expect(exempt.taxStatus).toBe('exempt');
    await expect(updateCustomer(db.db, { id: customer.id, taxStatus: 'free' as never })).rejects.toMatchObject({ details: { fields: [{ field: 'taxStatus' }] } });
    const details = await selectCustomerTaxDetails(db.pool, [customer.id]);
    expect(details.get(customer.id)).toMatchObject({ name: 'Kaveri Traders', taxStatus: 'exempt', taxIds: [{ type: 'in_gstin', value: '29AAACC1206D1ZC' }] });
  });
});
