import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createProduct } from './create-product';

describe('createProduct (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('create_product_uc');
  });
  afterAll(() => tenant.drop());

  it('stores the product, active with empty metadata unless told otherwise', async () => {
    const product = await createProduct(tenant.db, { name: 'Fibre Internet' });
    expect(product).toEqual({ id: expect.any(String), name: 'Fibre Internet', description: null, active: true, metadata: {}, taxCode: null, taxRateId: null, createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    const { rows } = await tenant.pool.query('SELECT name, description, active, metadata FROM products WHERE id = $1', [product.id]);
    expect(rows).toEqual([{ name: 'Fibre Internet', description: null, active: true, metadata: {} }]);
  });

  it('keeps the description, active flag and metadata given', async () => {
    const product = await createProduct(tenant.db, { name: 'Legacy DSL', description: 'No longer sold', active: false, metadata: { region: 'coast', tier: 2 } });
    const { rows } = await tenant.pool.query('SELECT description, active, metadata FROM products WHERE id = $1', [product.id]);
    expect(rows).toEqual([{ description: 'No longer sold', active: false, metadata: { region: 'coast', tier: 2 } }]);
    expect(product).toMatchObject({ description: 'No longer sold', active: false, metadata: { region: 'coast', tier: 2 } });
  });

  it('keeps a valid HSN/SAC tax code and refuses a bad one or a rate that does not exist, naming the field', async () => {
    expect(await createProduct(tenant.db, { name: 'Hosting', taxCode: '998315' })).toMatchObject({ taxCode: '998315', taxRateId: null });
    await expect(createProduct(tenant.db, { name: 'Bad', taxCode: '=1+1' })).rejects.toMatchObject({ details: { fields: [{ field: 'taxCode' }] } });
    await expect(createProduct(tenant.db, { name: 'Bad', taxRateId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ details: { fields: [{ field: 'taxRateId' }] } });
  });
});
