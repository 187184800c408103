import type { TenantDatabase } from '@nova/tenant-db';
import { selectAging } from '../analytics.repository';
import type { AgingBucket } from '../analytics.types';

/** Open invoices' amount due by how long past due they are (accounts-receivable aging), per currency. */
export async function getReceivablesAging(db: TenantDatabase): Promise<AgingBucket[]> {
  return (await selectAging(db.pool)).map((row) => ({
    currency: row.currency,
    current: Number(row.current),
    days1To30: Number(row.d30),
    days31To60: Number(row.d60),
    days61To90: Number(row.d90),
    over90: Number(row.over90),
    invoices: row.invoices,
  }));
}
