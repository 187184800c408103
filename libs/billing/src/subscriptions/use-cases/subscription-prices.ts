// A catalogue price as the subscription rules (libs/domain) see it.
import { isUuid } from '@nova/common';
import { type ChangeablePrice, DomainError, type ItemChangeRequest, type ProratedItem, priceAmount } from '@nova/domain';
import type { SubscribablePrice } from '../../catalog';

export const changeablePrice = (price: SubscribablePrice): ChangeablePrice => ({
  id: price.id,
  currency: price.currency,
  unitAmount: price.unitAmount,
  interval: price.interval,
  intervalCount: price.intervalCount,
  subscribable: price.active && price.planActive,
});

/** `quantity` of the price for one period, for proration (a tiered price's amount is its tiers'). */
export const pricedItem = (price: SubscribablePrice, quantity: number): ProratedItem => ({
  priceId: price.id,
  unitAmount: price.unitAmount,
  quantity,
  periodAmount: priceAmount(price, quantity),
});

/**
 * Checks the shape of an `items` list from outside (the API takes it as JSON): each entry an object, ids and price
 * ids UUIDs, `deleted` a boolean; a 400 naming `items[i].<field>`. The rules (quantities, prices) come after.
 */
export function assertItemShapes(items: unknown, allowed: { id: boolean; deleted: boolean }): asserts items is ItemChangeRequest[] {
  if (!Array.isArray(items)) throw DomainError.validation('items', 'must be an array of items');
  items.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw DomainError.validation(`items[${index}]`, 'must be an object');
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      const known = key === 'priceId' || key === 'quantity' || (key === 'id' && allowed.id) || (key === 'deleted' && allowed.deleted);
      if (!known) throw DomainError.validation(`items[${index}].${key}`, 'is not a field of an item');
    }
    if (entry.id !== undefined && (typeof entry.id !== 'string' || !isUuid(entry.id))) throw DomainError.validation(`items[${index}].id`, 'must be a UUID');
    if (entry.priceId !== undefined && (typeof entry.priceId !== 'string' || !isUuid(entry.priceId))) throw DomainError.validation(`items[${index}].priceId`, 'must be a UUID');
    if (entry.deleted !== undefined && typeof entry.deleted !== 'boolean') throw DomainError.validation(`items[${index}].deleted`, 'must be true or false');
  });
}
