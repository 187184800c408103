// A subscription's items (Stripe's subscription items): the base item (the subscription's own price and quantity)
// and add-ons, each another price billed with it every period. Pure rules: which prices may be items, and what a
// list of item changes (add, remove, change price or quantity) does to the items, so that only what changes is
// prorated.
import { DomainError } from '../errors';
import { quantityProblem } from '../catalog/limits';
import type { ChangeablePrice } from './plan-change';

/** Items on one subscription, the base item included (Stripe's limit). */
export const MAX_SUBSCRIPTION_ITEMS = 20;

/**
 * Why `price` cannot be an item of a subscription billed by `base`, as a phrase, or null: it must be subscribable,
 * in the same currency and on the same billing cycle (every item shares the subscription's periods and invoice).
 */
export function itemPriceProblem(base: ChangeablePrice, price: ChangeablePrice): string | null {
  if (!price.subscribable) return 'the price or its plan is no longer active';
  if (price.currency !== base.currency) return `the price is in ${price.currency} but the subscription is billed in ${base.currency}`;
  if (price.interval !== base.interval || price.intervalCount !== base.intervalCount) {
    return `the price bills every ${price.intervalCount} ${price.interval}(s) but the subscription every ${base.intervalCount} ${base.interval}(s): every item shares the subscription's billing cycle`;
  }
  return null;
}

/** An item as it is: the base item has the subscription's id. */
export interface CurrentItem {
  readonly id: string;
  readonly priceId: string;
  readonly quantity: number;
}

/** One entry of a change's `items` (Stripe's items[]): with an id, that item changes (or goes, deleted); without, an item is added. */
export interface ItemChangeRequest {
  readonly id?: string;
  readonly priceId?: string;
  readonly quantity?: number;
  readonly deleted?: boolean;
}

export interface PricedItemRef {
  readonly priceId: string;
  readonly quantity: number;
}

/** What one entry does; `index` is its position in the request (errors name `items[index]…`). */
export type ItemChange =
  | { readonly kind: 'add'; readonly index: number; readonly to: PricedItemRef }
  | { readonly kind: 'update'; readonly index: number; readonly id: string; readonly from: PricedItemRef; readonly to: PricedItemRef }
  | { readonly kind: 'remove'; readonly index: number; readonly id: string; readonly from: PricedItemRef };

/** The items after the changes: the base item first, then the add-ons kept (in their order), then those added. */
export interface PlannedItems {
  readonly changes: ItemChange[];
  readonly base: PricedItemRef & { readonly id: string };
  /** Add-ons after the change; an added one has no id yet. */
  readonly addOns: (PricedItemRef & { readonly id: string | null; readonly index: number | null })[];
}

/**
 * Applies `requests` to the items (base first): a 400 naming `items[i].<field>` for an unknown or repeated id, a base
 * item removed, a quantity out of range, an added item without a price, or a price on two items. An entry that
 * changes nothing (same price and quantity) is no change at all, so it is never prorated.
 */
export function planItemChanges(base: CurrentItem, addOns: readonly CurrentItem[], requests: readonly ItemChangeRequest[], baseTarget?: PricedItemRef, indexOffset = 0): PlannedItems {
  const seen = new Set<string>();
  const changes: ItemChange[] = [];
  // The base item's change given by the top-level priceId / quantity (changeRefusal checks it).
  let nextBase: PricedItemRef & { id: string } = { ...base, ...baseTarget };
  if (baseTarget) seen.add(base.id);
  const kept = new Map(addOns.map((item) => [item.id, { ...item, index: null as number | null }]));
  const added: (PricedItemRef & { id: null; index: number })[] = [];
  requests.forEach((request, position) => {
    const index = position + indexOffset;
    const field = (name: string) => `items[${index}].${name}`;
    if (typeof request !== 'object' || request === null) throw DomainError.validation(`items[${index}]`, 'must be an object with id, priceId, quantity or deleted');
    if (request.quantity !== undefined) {
      const problem = quantityProblem(request.quantity);
      if (problem) throw DomainError.validation(field('quantity'), problem);
    }
    if (request.id === undefined) {
      if (request.deleted) throw DomainError.validation(field('id'), 'name the item to delete by its id');
      if (request.priceId === undefined) throw DomainError.validation(field('priceId'), 'an item to add needs a priceId');
      const to = { priceId: request.priceId, quantity: request.quantity ?? 1 };
      added.push({ id: null, index, ...to });
      changes.push({ kind: 'add', index, to });
      return;
    }
    if (seen.has(request.id)) {
      throw DomainError.validation(field('id'), request.id === base.id && baseTarget ? 'the base item is already changed by priceId / quantity: change it in one place' : 'names an item already changed by an earlier entry');
    }
    seen.add(request.id);
    const current = request.id === base.id ? base : kept.get(request.id);
    if (!current) throw DomainError.validation(field('id'), `the subscription has no item ${request.id}`);
    const from = { priceId: current.priceId, quantity: current.quantity };
    if (request.deleted) {
      if (current === base) throw DomainError.validation(field('deleted'), 'the base item cannot be removed: change its price, or cancel the subscription');
      kept.delete(request.id);
      changes.push({ kind: 'remove', index, id: request.id, from });
      return;
    }
    if (request.priceId === undefined && request.quantity === undefined) throw DomainError.validation(`items[${index}]`, 'give a new priceId or quantity for the item, or deleted: true');
    const to = { priceId: request.priceId ?? current.priceId, quantity: request.quantity ?? current.quantity };
    if (to.priceId === from.priceId && to.quantity === from.quantity) return;
    if (current === base) nextBase = { id: base.id, ...to };
    else kept.set(request.id, { id: request.id, index, ...to });
    changes.push({ kind: 'update', index, id: request.id, from, to });
  });
  const after = [...kept.values(), ...added];
  // Untouched items first, so that a clash names the entry that brought the price in (or the base's priceId).
  const byPrice = new Set<string>([nextBase.priceId]);
  for (const item of [...after.filter((one) => one.index === null), ...after.filter((one) => one.index !== null)]) {
    if (byPrice.has(item.priceId)) {
      const clashField = item.index === null ? 'priceId' : `items[${item.index}].priceId`;
      throw DomainError.validation(clashField, 'the subscription already has an item with this price: change that item\'s quantity instead');
    }
    byPrice.add(item.priceId);
  }
  if (after.length + 1 > MAX_SUBSCRIPTION_ITEMS) throw DomainError.validation('items', `a subscription has at most ${MAX_SUBSCRIPTION_ITEMS} items, the base item included`);
  return { changes, base: nextBase, addOns: after };
}
