import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createPlan } from './create-plan';
import { createProduct } from './create-product';
import { deleteProduct } from './delete-product';

describe('deleteProduct (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('delete_product_uc');
  });
  afterAll(() => tenant.drop());

  const exists = async (id: string) => (await tenant.pool.query('SELECT 1 FROM products WHERE id = $1', [id])).rowCount === 1;

  it('deletes a product without plans', async () => {
    const product = await createProduct(tenant.db, { name: 'Unsold' });
    await deleteProduct(tenant.db, product.id);
    expect(await exists(product.id)).toBe(false);
  });

  it('keeps a product with plans (invalid state: archive it instead)', async () => {
    const product = await createProduct(tenant.db, { name: 'Broadband' });
    await createPlan(tenant.db, { code: 'home-50', name: 'Home 50', productId: product.id });
    await expect(deleteProduct(tenant.db, product.id)).rejects.toMatchObject({ code: ErrorCode.InvalidState, message: expect.stringMatching(/has plans/) });
    expect(await exists(product.id)).toBe(true);
  });

  it('answers an unknown product with not found', async () => {
    await expect(deleteProduct(tenant.db, randomUUID())).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });
});
