import type { TenantDatabase } from '@nova/tenant-db';
import { insertProduct, ProductFields } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';
import { assertTaxSettings } from './tax-settings';

export type CreateProductCommand = ProductFields;

export async function createProduct(db: TenantDatabase, command: CreateProductCommand): Promise<ProductRecord> {
  assertTaxSettings(command);
  return insertProduct(db.pool, command);
}
