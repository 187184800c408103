import { updateMergingMetadata } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { PriceChanges, lockCatalogMetadata, updatePriceRow } from '../catalog.repository';
import type { PriceRecord } from '../catalog.types';
import { assertTaxSettings } from './tax-settings';

/**
 * A price's nickname, `active` (false retires it for new subscriptions) and metadata (merged: keys
 * set, an empty string removes one). Its amount, currency and interval never change, as with Stripe.
 */
export interface UpdatePriceCommand extends PriceChanges {
  id: string;
}

export async function updatePrice(db: TenantDatabase, { id, ...changes }: UpdatePriceCommand): Promise<PriceRecord> {
  assertTaxSettings(changes);
  const price = await updateMergingMetadata(
    db.pool,
    changes.metadata,
    (client) => lockCatalogMetadata(client, 'prices', id),
    (client, metadata) => updatePriceRow(client, id, { ...changes, metadata }),
  );
  if (!price) throw DomainError.notFound('Price', id);
  return price;
}
