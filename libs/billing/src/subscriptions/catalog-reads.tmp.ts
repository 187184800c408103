// TEMPORARY (until the catalog/customers branch merges): the two reads create-subscription needs
// from the catalog and customers contexts, with exactly the names and types those contexts'
// indexes will export. At merge the lead replaces the imports of this file with '../catalog' and
// '../customers' and deletes it.
import type { Queryable } from '@nova/common';
import type { Interval } from '@nova/domain';

export interface SubscribablePrice {
  id: string;
  currency: string;
  unitAmount: bigint;
  interval: Interval;
  intervalCount: number;
  active: boolean;
  planActive: boolean;
  planName: string;
  trialDays: number;
}

/** The price with its plan, for subscribing; undefined when unknown. */
export async function findSubscribablePrice(client: Queryable, priceId: string): Promise<SubscribablePrice | undefined> {
  const { rows } = await client.query<{ id: string; currency: string; unit_amount: string; interval: Interval; interval_count: number; active: boolean; plan_active: boolean; plan_name: string; trial_days: number }>(
    `SELECT p.id, p.currency, p.unit_amount, p.interval, p.interval_count, p.active, pl.active AS plan_active, pl.name AS plan_name, pl.trial_days
       FROM prices p JOIN plans pl ON pl.id = p.plan_id WHERE p.id = $1`,
    [priceId],
  );
  const row = rows[0];
  return (
    row && {
      id: row.id,
      currency: row.currency,
      unitAmount: BigInt(row.unit_amount),
      interval: row.interval,
      intervalCount: row.interval_count,
      active: row.active,
      planActive: row.plan_active,
      planName: row.plan_name,
      trialDays: row.trial_days,
    }
  );
}

export interface BillableCustomer {
  id: string;
  currency: string | null;
}

/** Locks the customer FOR SHARE for the caller's transaction; undefined when unknown. */
export async function findCustomerForBilling(client: Queryable, customerId: string): Promise<BillableCustomer | undefined> {
  const { rows } = await client.query<BillableCustomer>('SELECT id, currency FROM customers WHERE id = $1 FOR SHARE', [customerId]);
  return rows[0];
}
