import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { countPlansOfProduct, deleteProductRow } from '../catalog.repository';
import { getProduct } from './get-product';

/** Products with plans are archived (active=false), not deleted: plans and invoices refer to them. */
export async function deleteProduct(db: TenantDatabase, id: string): Promise<void> {
  await getProduct(db, id);
  if ((await countPlansOfProduct(db.pool, id)) > 0) throw DomainError.invalidState(`Product ${id} has plans; set active=false instead`);
  await deleteProductRow(db.pool, id);
}
