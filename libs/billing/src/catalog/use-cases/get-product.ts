import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { selectProduct, selectProducts } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';

export async function getProduct(db: TenantDatabase, id: string): Promise<ProductRecord> {
  const product = await selectProduct(db.pool, id);
  if (!product) throw DomainError.notFound('Product', id);
  return product;
}

/** Newest first. */
export function listProducts(db: TenantDatabase): Promise<ProductRecord[]> {
  return selectProducts(db.pool);
}
