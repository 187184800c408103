import type { TenantDatabase } from '@nova/tenant-db';
import { insertProduct, ProductFields } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';

export type CreateProductCommand = ProductFields;

export function createProduct(db: TenantDatabase, command: CreateProductCommand): Promise<ProductRecord> {
  return insertProduct(db.pool, command);
}
