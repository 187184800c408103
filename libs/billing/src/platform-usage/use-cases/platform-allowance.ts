// The limits of the tenant's NovaBilling plan that count rows of the tenant's own database:
// customers (all there are) and invoices issued in a calendar month (of the tenant's time zone). The maxima come from
// the central database (@nova/tenancy findTenantPlanLimits); the counting happens here, inside the
// transaction that adds or removes the rows, so a counter never disagrees with what committed.
import { DEFAULT_TIME_ZONE, type PlanLimitName, planLimitReached, usageMonth } from '@nova/domain';
import type { Queryable } from '@nova/common';
import type { TenantDatabase } from '@nova/tenant-db';
import { type UsageKey, addToUsage, readUsage, subtractFromUsage } from '../platform-usage.repository';

/** The limits counted in the tenant's database. */
export type TenantCountedLimit = Extract<PlanLimitName, 'customers' | 'invoicesPerMonth'>;

function usageKey(limit: TenantCountedLimit, at: Date, timeZone: string): UsageKey {
  return limit === 'customers' ? { metric: 'customers', period: '' } : { metric: 'invoices', period: usageMonth(at, timeZone) };
}

export interface AllowanceUse {
  /** How many rows are being added. */
  count: number;
  /** The plan's maximum (null: unlimited). */
  max: number | null;
  /** When (the month an invoice counts in); default now. */
  at?: Date;
  /** The tenant's time zone, whose calendar months invoicesPerMonth counts (TenantBillingSettings.timeZone); default UTC. */
  timeZone?: string;
  /**
   * false: count them even past the maximum (the billing cycle's renewals are never dropped, see
   * issueInvoices); the rows still count, so what the tenant creates by hand is refused sooner.
   */
  enforce?: boolean;
}

/** Counts rows being added, inside the caller's transaction; past the maximum (when enforced) a 402 plan_limit_reached naming the limit. */
export async function consumeAllowance(client: Queryable, limit: TenantCountedLimit, use: AllowanceUse): Promise<void> {
  const key = usageKey(limit, use.at ?? new Date(), use.timeZone ?? DEFAULT_TIME_ZONE);
  const enforce = use.enforce ?? true;
  const used = await addToUsage(client, key, use.count, enforce ? use.max : null);
  if (used !== null) return;
  const [current] = await readUsage(client, [key]);
  throw planLimitReached(limit, current!, use.max!);
}

/** Rows removed (a deleted customer), inside the caller's transaction. */
export function releaseAllowance(client: Queryable, limit: 'customers', count: number): Promise<void> {
  return subtractFromUsage(client, usageKey(limit, new Date(), DEFAULT_TIME_ZONE), count);
}

/** What the tenant uses now of the limits counted in its database (two primary-key reads); invoices in the current month of `timeZone`. */
export async function tenantCountedUsage(db: TenantDatabase, timeZone: string | null, now = new Date()): Promise<Record<TenantCountedLimit, number>> {
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  const [customers, invoicesPerMonth] = await readUsage(db.pool, [usageKey('customers', now, zone), usageKey('invoicesPerMonth', now, zone)]);
  return { customers: customers!, invoicesPerMonth: invoicesPerMonth! };
}
