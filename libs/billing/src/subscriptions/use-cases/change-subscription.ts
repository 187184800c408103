// A plan or quantity change (Stripe's subscription update): now, prorated to the second as the proration behaviour
// says, or scheduled for the end of the current period (applied by the billing cycle). The preview runs the same
// planning without writing, so what it shows is what the change bills.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { inTransaction, type Queryable } from '@nova/common';
import {
  CHANGE_EFFECTIVE_MOMENTS,
  type ChangeEffective,
  DEFAULT_PRORATION_BEHAVIOR,
  DomainError,
  type ItemChange,
  type ItemChangeRequest,
  changeStateRefusal,
  itemPriceProblem,
  itemProrationItems,
  planItemChanges,
  PRORATION_BEHAVIORS,
  type ProrationBehavior,
  type ProrationItem,
  changeRefusal,
  computeInvoiceTotals,
  periodAt,
  periodToBillFrom,
  prorationDateProblem,
  prorationInstant,
  prorationItems,
} from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type SubscribablePrice, findSubscribablePrice } from '../../catalog';
import {
  type InvoiceLineDraft,
  type IssuedInvoice,
  type PendingInvoiceItemRecord,
  type TenantBillingSettings,
  addPendingInvoiceItems,
  issueInvoices,
  listPendingInvoiceItems,
  pendingItemLine,
  billingPeriodLines,
  prorationLine,
} from '../../invoicing';
import {
  type SubscriptionRecord,
  deleteSubscriptionItems,
  findSubscription,
  insertSubscriptionItems,
  lockSubscription,
  saveScheduledChange,
  saveSubscriptionItem,
  subscriptionClockTime,
  updateSubscriptionItem,
} from '../subscriptions.repository';
import { assertItemShapes, changeablePrice, pricedItem } from './subscription-prices';

export interface ChangeSubscriptionCommand {
  readonly subscriptionId: string;
  /** The new price; the current one when omitted (a quantity change). */
  readonly priceId?: string;
  /** The new quantity; the current one when omitted. */
  readonly quantity?: number;
  /**
   * Item changes (Stripe's items[]): `{ priceId, quantity }` adds an item, `{ id, quantity / priceId }` changes one
   * (the base item's id is the subscription's), `{ id, deleted: true }` removes an add-on. Each is prorated on its own;
   * an item not named here is not prorated. With effective period_end they are scheduled with the base change, and the
   * billing cycle applies them at renewal (nothing prorated).
   */
  readonly items?: readonly ItemChangeRequest[];
  readonly prorationBehavior?: ProrationBehavior;
  readonly effective?: ChangeEffective;
  /** The instant to prorate at (a preview's prorationDate, so the change bills exactly what was previewed); defaults to now. */
  readonly prorationDate?: Date;
}

/** A line as an invoice would show it, with its amount. */
export interface PreviewLine {
  description: string;
  quantity: number;
  unitAmount: bigint;
  amount: bigint;
  priceId: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
}

/** The invoice the change leads to: issued now (always_invoice) or the renewal at the period end. */
export interface InvoicePreview {
  /** When it is issued: now, or the current period's end. */
  issuedAt: Date;
  periodStart: Date | null;
  periodEnd: Date | null;
  currency: string;
  lines: PreviewLine[];
  subtotal: bigint;
  tax: bigint;
  /** Before the customer's credit, which finalization applies. */
  total: bigint;
}

export interface SubscriptionChangePreview {
  subscriptionId: string;
  effective: ChangeEffective;
  prorationBehavior: ProrationBehavior;
  /** The instant prorated at (whole seconds); null for a change at period end. Pass it to the change to bill exactly this. */
  prorationDate: Date | null;
  priceId: string;
  quantity: number;
  /** Every item after the change, the base item first (its id is the subscription's; an item to be added has none yet). */
  items: { id: string | null; priceId: string; quantity: number }[];
  currency: string;
  /** The credit for unused time and the charge for remaining time (empty during a trial, for `none` or at period end). */
  prorations: PreviewLine[];
  /** Their sum: positive on an upgrade, negative (a credit) on a downgrade. */
  prorationTotal: bigint;
  /** The next invoice: the proration invoice now (always_invoice with something to prorate), else the renewal at the period end; null when the subscription ends then. */
  nextInvoice: InvoicePreview | null;
}

export interface SubscriptionChangeResult {
  subscription: SubscriptionRecord;
  preview: SubscriptionChangePreview;
  /** The proration invoice (always_invoice with something to prorate). */
  invoice: IssuedInvoice | null;
  /** The proration items waiting for the next invoice (create_prorations). */
  pendingInvoiceItems: PendingInvoiceItemRecord[];
}

interface PlannedChange {
  readonly preview: SubscriptionChangePreview;
  readonly prorationLines: InvoiceLineDraft[];
  readonly items: ProrationItem[];
  /** Whether the base item (the subscription's price and quantity) changes. */
  readonly baseChanged: boolean;
  /** The add-on item changes to write. */
  readonly itemChanges: ItemChange[];
}

const toChangeable = changeablePrice;

function oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw DomainError.validation(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Lines with their amounts and the totals, as issueInvoices will compute them. */
function invoicePreview(currency: string, issuedAt: Date, period: { start: Date; end: Date } | null, drafts: InvoiceLineDraft[]): InvoicePreview {
  const totals = computeInvoiceTotals(currency, drafts.map((line) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency })));
  return {
    issuedAt,
    periodStart: period?.start ?? null,
    periodEnd: period?.end ?? null,
    currency,
    lines: drafts.map((line, index) => previewLine(line, totals.lines[index]!.amount)),
    subtotal: totals.subtotal,
    tax: totals.taxTotal,
    total: totals.total,
  };
}

const previewLine = (line: InvoiceLineDraft, amount: bigint): PreviewLine => ({
  description: line.description,
  quantity: line.quantity,
  unitAmount: line.unitAmount,
  amount,
  priceId: line.priceId ?? null,
  periodStart: line.periodStart ?? null,
  periodEnd: line.periodEnd ?? null,
});

/** Decides the whole change (refusals, prorations per item, the next invoice) from the subscription as read; writes nothing. */
async function planChange(db: Queryable, subscription: SubscriptionRecord, command: ChangeSubscriptionCommand, now: Date): Promise<PlannedChange> {
  const itemRequests = command.items ?? [];
  assertItemShapes(itemRequests, { id: true, deleted: true });
  // With items to change, a top-level priceId / quantity equal to the base's is no base change (not a refusal).
  const baseNamed = command.priceId !== undefined || command.quantity !== undefined;
  const baseUnchanged = (command.priceId ?? subscription.priceId) === subscription.priceId && (command.quantity ?? subscription.quantity) === subscription.quantity;
  const baseRequested = baseNamed && !(itemRequests.length > 0 && baseUnchanged);
  if (!baseRequested && itemRequests.length === 0) throw DomainError.validation('priceId', 'give a new priceId, a new quantity, items to change, or any of them');
  const prorationBehavior = oneOf('prorationBehavior', command.prorationBehavior, PRORATION_BEHAVIORS, DEFAULT_PRORATION_BEHAVIOR);
  const effective = oneOf('effective', command.effective, CHANGE_EFFECTIVE_MOMENTS, 'now');

  const prices = new Map<string, SubscribablePrice>();
  const priceOf = async (priceId: string): Promise<SubscribablePrice | undefined> => {
    if (!prices.has(priceId)) {
      const found = await findSubscribablePrice(db, priceId);
      if (found) prices.set(priceId, found);
    }
    return prices.get(priceId);
  };
  const current = (await priceOf(subscription.priceId))!;
  const target = command.priceId === undefined ? current : await priceOf(command.priceId);
  if (!target) throw DomainError.validation('priceId', `price ${command.priceId} does not exist`);
  const requestedQuantity = command.quantity ?? subscription.quantity;
  if (baseRequested) {
    const refused = changeRefusal(subscription, toChangeable(current), subscription.quantity, toChangeable(target), { priceId: command.priceId, quantity: command.quantity, effective, prorationBehavior });
    if (refused) throw refused;
  } else {
    const refused = changeStateRefusal(subscription, { effective, prorationBehavior });
    if (refused) throw refused;
  }
  const planned = planItemChanges(
    { id: subscription.id, priceId: subscription.priceId, quantity: subscription.quantity },
    subscription.items,
    itemRequests,
    baseRequested ? { priceId: target.id, quantity: requestedQuantity } : undefined,
  );
  // The base changed through items[]: the same rules as a top-level change, naming that entry.
  const baseChange = planned.changes.find((change) => change.kind === 'update' && change.id === subscription.id);
  let baseTarget = target;
  if (baseChange && baseChange.kind === 'update') {
    const field = `items[${baseChange.index}].priceId`;
    const price = await priceOf(baseChange.to.priceId);
    if (!price) throw DomainError.validation(field, `price ${baseChange.to.priceId} does not exist`);
    if (price.id !== current.id) {
      const problem = itemPriceProblem(toChangeable(current), toChangeable(price));
      if (problem) throw DomainError.validation(field, problem);
    }
    baseTarget = price;
  }
  const itemChanges = planned.changes.filter((change) => !(change.kind !== 'add' && change.id === subscription.id));
  for (const change of itemChanges) {
    if (change.kind === 'remove' || (change.kind === 'update' && change.to.priceId === change.from.priceId)) {
      await priceOf(change.from.priceId);
      continue;
    }
    const field = `items[${change.index}].priceId`;
    const price = await priceOf(change.to.priceId);
    if (!price) throw DomainError.validation(field, `price ${change.to.priceId} does not exist`);
    const problem = itemPriceProblem(toChangeable(current), toChangeable(price));
    if (problem) throw DomainError.validation(field, problem);
    if (change.kind === 'update') await priceOf(change.from.priceId);
  }
  const baseChanged = baseTarget.id !== subscription.priceId || planned.base.quantity !== subscription.quantity;
  if (!baseChanged && itemChanges.length === 0) throw DomainError.validation('items', 'the change keeps every item as it is: give another price or quantity');

  const period = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
  let prorationDate: Date | null = null;
  if (effective === 'now') {
    if (now >= period.end && subscription.status !== 'trialing' && prorationBehavior !== 'none') {
      throw DomainError.conflict('the current period has ended and the billing cycle has not renewed it yet: retry after it runs, or change at period_end', 'effective');
    }
    if (command.prorationDate) {
      const problem = prorationDateProblem(command.prorationDate, period, now);
      if (problem) throw DomainError.validation('prorationDate', problem);
    }
    prorationDate = command.prorationDate ?? prorationInstant(now, period.start);
  }
  // An anchored subscription's stub was charged the regular period's rate for its share of it: a change inside the
  // stub prorates against that regular period (the one ending at the anchor), so the credit is what the time cost.
  const inStub = subscription.status !== 'trialing' && subscription.currentPeriodStart < subscription.billingAnchor && subscription.currentPeriodEnd.getTime() === subscription.billingAnchor.getTime();
  const rateBasis = inStub
    ? periodAt(subscription.billingAnchor, current.interval, current.intervalCount, -1, { timeZone: subscription.timeZone, anchorDay: subscription.billingAnchorDay })
    : period;
  // Each item that changes is prorated on its own; the others are not touched.
  const items: ProrationItem[] = [];
  if (prorationDate) {
    if (baseChanged) {
      const from = pricedItem(current, subscription.quantity);
      const to = pricedItem(baseTarget, planned.base.quantity);
      items.push(...prorationItems(subscription.status, prorationBehavior, rateBasis, prorationDate, from, to));
    }
    for (const change of itemChanges) {
      const from = change.kind === 'add' ? null : pricedItem(prices.get(change.from.priceId)!, change.from.quantity);
      const to = change.kind === 'remove' ? null : pricedItem(prices.get(change.to.priceId)!, change.to.quantity);
      items.push(...itemProrationItems(subscription.status, prorationBehavior, rateBasis, prorationDate, from, to));
    }
  }
  const prorationLines = items.map((item) => prorationLine(prices.get(item.priceId)!.planName, item));
  const waiting = (await listPendingInvoiceItems(db, subscription.id)).map(pendingItemLine);
  const itemsAfter = [
    { id: subscription.id, priceId: baseTarget.id, quantity: planned.base.quantity },
    ...planned.addOns.map((item) => ({ id: item.id, priceId: item.priceId, quantity: item.quantity })),
  ];
  for (const item of itemsAfter) await priceOf(item.priceId);

  let nextInvoice: InvoicePreview | null;
  if (prorationBehavior === 'always_invoice' && prorationLines.length > 0) {
    nextInvoice = invoicePreview(current.currency, now, null, [...prorationLines, ...waiting]);
  } else if (subscription.cancelAtPeriodEnd) {
    nextInvoice = null;
  } else {
    // The renewal, as the billing cycle will issue it: every item's period, then the pending items.
    const zone = { timeZone: subscription.timeZone, anchorDay: subscription.billingAnchorDay };
    const next = periodToBillFrom(subscription.billingAnchor, baseTarget.interval, baseTarget.intervalCount, subscription.currentPeriodEnd, zone);
    const renewal = billingPeriodLines(
      itemsAfter.map((item) => ({ ...prices.get(item.priceId)!, priceId: item.priceId, quantity: item.quantity })),
      next,
      subscription.timeZone,
    );
    nextInvoice = invoicePreview(current.currency, subscription.currentPeriodEnd, next, [...renewal, ...waiting, ...(prorationBehavior === 'create_prorations' ? prorationLines : [])]);
  }
  const totals = computeInvoiceTotals(current.currency, prorationLines.map((line) => ({ quantity: line.quantity, unitAmount: line.unitAmount, currency: current.currency })));
  return {
    items,
    prorationLines,
    baseChanged,
    itemChanges,
    preview: {
      subscriptionId: subscription.id,
      effective,
      prorationBehavior,
      prorationDate,
      priceId: baseTarget.id,
      quantity: planned.base.quantity,
      items: itemsAfter,
      currency: current.currency,
      prorations: prorationLines.map((line, index) => previewLine(line, totals.lines[index]!.amount)),
      prorationTotal: totals.total,
      nextInvoice,
    },
  };
}

/** What the change would do, written nowhere (Stripe's upcoming invoice with subscription_proration_date). */
export async function previewSubscriptionChange(db: TenantDatabase, command: ChangeSubscriptionCommand, at?: Date): Promise<SubscriptionChangePreview> {
  // A test clock's customer changes as of the clock's time.
  const now = at ?? (await subscriptionClockTime(db.pool, command.subscriptionId)) ?? new Date();
  const subscription = await findSubscription(db.pool, command.subscriptionId);
  if (!subscription) throw DomainError.notFound('Subscription', command.subscriptionId);
  return (await planChange(db.pool, subscription, command, now)).preview;
}

/**
 * Changes the price and/or quantity under the subscription's row lock. Now: the new item bills from the next
 * renewal, and the prorations are added as pending invoice items (create_prorations), invoiced at once through the
 * one issuance with any items already waiting (always_invoice: a net credit is paid by nothing and goes to the
 * customer's balance), or dropped (none). At period end: stored as the subscription's pending change. A newer change
 * replaces a scheduled one.
 */
export async function changeSubscription(db: TenantDatabase, settings: TenantBillingSettings, command: ChangeSubscriptionCommand, at?: Date): Promise<SubscriptionChangeResult> {
  const now = at ?? (await subscriptionClockTime(db.pool, command.subscriptionId)) ?? new Date();
  const written = await inTransaction(db.pool, async (client) => {
    const subscription = await lockSubscription(client, command.subscriptionId);
    if (!subscription) throw DomainError.notFound('Subscription', command.subscriptionId);
    const plan = await planChange(client, subscription, command, now);
    const { preview } = plan;
    if (preview.effective === 'period_end') {
      // The add-ons after the change when it changes any (items[]), else null: a base change leaves them as they are then.
      const items = plan.itemChanges.length > 0 ? preview.items.slice(1) : null;
      await saveScheduledChange(client, subscription.id, { priceId: preview.priceId, quantity: preview.quantity, items, requestedAt: now });
      return { preview, invoice: null, pendingInvoiceItems: [] };
    }
    // A change now replaces any scheduled one (it was planned against items that are no longer there).
    if (subscription.pendingChange) await saveScheduledChange(client, subscription.id, null);
    if (plan.baseChanged) await saveSubscriptionItem(client, subscription.id, { priceId: preview.priceId, quantity: preview.quantity });
    await saveItemChanges(client, subscription.id, plan.itemChanges, new Date());
    return { preview, ...(await billProrations(client, settings, subscription, plan, now)) };
  });
  return { ...written, subscription: (await findSubscription(db.pool, command.subscriptionId))! };
}

/** Writes the add-on items' changes (under the subscription's row lock). */
async function saveItemChanges(client: PoolClient, subscriptionId: string, changes: readonly ItemChange[], now: Date): Promise<void> {
  await deleteSubscriptionItems(client, subscriptionId, changes.flatMap((change) => (change.kind === 'remove' ? [change.id] : [])));
  for (const change of changes) if (change.kind === 'update') await updateSubscriptionItem(client, subscriptionId, { id: change.id, ...change.to });
  await insertSubscriptionItems(client, subscriptionId, changes.flatMap((change) => (change.kind === 'add' ? [{ id: randomUUID(), ...change.to }] : [])), now);
}

async function billProrations(client: PoolClient, settings: TenantBillingSettings, subscription: SubscriptionRecord, plan: PlannedChange, now: Date) {
  const none = { invoice: null, pendingInvoiceItems: [] };
  if (plan.prorationLines.length === 0) return none;
  const { currency } = plan.preview;
  if (plan.preview.prorationBehavior === 'always_invoice') {
    const [invoice] = await issueInvoices(client, settings, [{ customerId: subscription.customerId, subscriptionId: subscription.id, currency, lines: plan.prorationLines }], now);
    return { invoice: invoice!, pendingInvoiceItems: [] };
  }
  const pendingInvoiceItems = await addPendingInvoiceItems(
    client,
    plan.prorationLines.map((line, index) => ({
      customerId: subscription.customerId,
      subscriptionId: subscription.id,
      currency,
      description: line.description,
      amount: plan.items[index]!.amount,
      priceId: line.priceId ?? null,
      periodStart: line.periodStart!,
      periodEnd: line.periodEnd!,
    })),
    now,
  );
  return { invoice: null, pendingInvoiceItems };
}

/** Drops the change scheduled for the period end; 409 when none is. */
export async function cancelScheduledChange(db: TenantDatabase, subscriptionId: string): Promise<SubscriptionRecord> {
  await inTransaction(db.pool, async (client) => {
    const subscription = await lockSubscription(client, subscriptionId);
    if (!subscription) throw DomainError.notFound('Subscription', subscriptionId);
    if (!subscription.pendingChange) throw DomainError.conflict('no change is scheduled for this subscription', 'pendingChange');
    await saveScheduledChange(client, subscriptionId, null);
  });
  return (await findSubscription(db.pool, subscriptionId))!;
}
