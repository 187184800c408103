import { type Page, type PageRequest, resolveWindow, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { productPosition, selectProduct, selectProductPage } from '../catalog.repository';
import type { ProductRecord } from '../catalog.types';

export async function getProduct(db: TenantDatabase, id: string): Promise<ProductRecord> {
  const product = await selectProduct(db.pool, id);
  if (!product) throw DomainError.notFound('Product', id);
  return product;
}

/** Newest first, one keyset page at a time. */
export async function listProducts(db: TenantDatabase, request: PageRequest): Promise<Page<ProductRecord>> {
  const window = await resolveWindow(request, (id) => productPosition(db.pool, id));
  return toPage(await selectProductPage(db.pool, window), request.limit, undefined, window);
}
