import { randomUUID } from 'node:crypto';
import { InvalidTransitionError, DomainError, ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { cancelSubscription } from './cancel-subscription';

describe('cancelSubscription (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('cancel_uc');
  });
  afterAll(() => db.drop());

  it('cancels now: canceled, canceledAt = endedAt = the time given, cancelAtPeriodEnd false even after a scheduled cancel', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    const scheduledAt = new Date('2026-01-10T08:00:00Z');
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: true, at: scheduledAt });
    expect(await subscriptionRow(db.pool, subscriptionId)).toEqual({ status: 'active', cancel_at_period_end: true, canceled_at: scheduledAt, ended_at: null });

    const at = new Date('2026-01-12T08:00:00Z');
    const result = await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false, at });
    expect(result).toEqual({ id: subscriptionId, status: 'canceled', cancelAtPeriodEnd: false, canceledAt: at, endedAt: at });
    expect(await subscriptionRow(db.pool, subscriptionId)).toEqual({ status: 'canceled', cancel_at_period_end: false, canceled_at: at, ended_at: at });
  });

  it('refuses a second cancel or a second scheduled cancel and changes nothing', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: true });
    await expect(cancelSubscription(db.db, { subscriptionId, atPeriodEnd: true })).rejects.toThrow(/already set to cancel at period end/);
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false });
    const before = await subscriptionRow(db.pool, subscriptionId);
    for (const atPeriodEnd of [false, true]) {
      await expect(cancelSubscription(db.db, { subscriptionId, atPeriodEnd })).rejects.toBeInstanceOf(InvalidTransitionError);
    }
    expect(await subscriptionRow(db.pool, subscriptionId)).toEqual(before);
  });

  it('cancels a past-due subscription; an unknown one is not found', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    await db.pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [subscriptionId]);
    await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false });
    expect((await subscriptionRow(db.pool, subscriptionId)).status).toBe('canceled');
    await expect(cancelSubscription(db.db, { subscriptionId: randomUUID(), atPeriodEnd: false })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
  });

  it('serialises concurrent cancels on the row lock: exactly one succeeds', async () => {
    const { subscriptionId } = await seedSubscription(db.pool);
    const results = await Promise.allSettled([1, 2, 3].map(() => cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof InvalidTransitionError)).toHaveLength(2);
  });
});
