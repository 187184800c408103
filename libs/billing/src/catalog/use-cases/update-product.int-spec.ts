import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { createProduct } from './create-product';
import { updateProduct } from './update-product';

describe('updateProduct (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('update_product_uc');
  });
  afterAll(() => tenant.drop());

  it('changes only the fields given and moves updatedAt', async () => {
    const created = await createProduct(tenant.db, { name: 'Broadband', description: 'Home fibre', metadata: { a: '1' } });
    const updated = await updateProduct(tenant.db, { id: created.id, name: 'Home Broadband' });
    expect(updated).toMatchObject({ id: created.id, name: 'Home Broadband', description: 'Home fibre', active: true, metadata: { a: '1' }, createdAt: created.createdAt });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await updateProduct(tenant.db, { id: created.id, active: false, metadata: { b: '2' } });
    const { rows } = await tenant.pool.query('SELECT name, description, active, metadata FROM products WHERE id = $1', [created.id]);
    // metadata merges: the stored key stays beside the new one (an empty string would remove it).
    expect(rows).toEqual([{ name: 'Home Broadband', description: 'Home fibre', active: false, metadata: { a: '1', b: '2' } }]);
  });

  it('answers an unknown product with not found', async () => {
    await expect(updateProduct(tenant.db, { id: randomUUID(), name: 'Ghost' })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });
});
