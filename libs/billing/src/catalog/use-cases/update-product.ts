import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { ProductFields, updateProductRow } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';

/** The fields given change; the others stay. */
export interface UpdateProductCommand extends Partial<ProductFields> {
  id: string;
}

export async function updateProduct(db: TenantDatabase, { id, ...changes }: UpdateProductCommand): Promise<ProductRecord> {
  const product = await updateProductRow(db.pool, id, changes);
  if (!product) throw DomainError.notFound('Product', id);
  return product;
}
