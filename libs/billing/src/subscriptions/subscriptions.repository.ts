// The subscription columns the lifecycle state machine owns, read under a row lock and written
// back whole, so a status can only change through `transition` (libs/domain).
import type { PoolClient } from 'pg';
import type { SubscriptionState } from '@nova/domain';

export interface LockedSubscription extends SubscriptionState {
  readonly id: string;
}

/** Locks the subscription row for the rest of the caller's transaction. */
export async function lockSubscriptionState(client: PoolClient, id: string): Promise<LockedSubscription | undefined> {
  const { rows } = await client.query<{ id: string; status: SubscriptionState['status']; cancel_at_period_end: boolean; canceled_at: Date | null; ended_at: Date | null }>(
    'SELECT id, status, cancel_at_period_end, canceled_at, ended_at FROM subscriptions WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  return row && { id: row.id, status: row.status, cancelAtPeriodEnd: row.cancel_at_period_end, canceledAt: row.canceled_at, endedAt: row.ended_at };
}

export async function saveSubscriptionState(client: PoolClient, id: string, state: SubscriptionState): Promise<void> {
  await client.query(
    `UPDATE subscriptions SET status = $2::"SubscriptionStatus", cancel_at_period_end = $3, canceled_at = $4, ended_at = $5, updated_at = now() WHERE id = $1`,
    [id, state.status, state.cancelAtPeriodEnd, state.canceledAt, state.endedAt],
  );
}
