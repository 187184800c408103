import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { updateMergingMetadata } from '@nova/common';
import { ProductFields, lockCatalogMetadata, updateProductRow } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';
import { assertTaxSettings } from './tax-settings';

/** The fields given change; the others stay. `metadata` merges (keys set, an empty string removes one). */
export interface UpdateProductCommand extends Partial<ProductFields> {
  id: string;
}

export async function updateProduct(db: TenantDatabase, { id, ...changes }: UpdateProductCommand): Promise<ProductRecord> {
  assertTaxSettings(changes);
  const product = await updateMergingMetadata(
    db.pool,
    changes.metadata,
    (client) => lockCatalogMetadata(client, 'products', id),
    (client, metadata) => updateProductRow(client, id, { ...changes, metadata }),
  );
  if (!product) throw DomainError.notFound('Product', id);
  return product;
}
