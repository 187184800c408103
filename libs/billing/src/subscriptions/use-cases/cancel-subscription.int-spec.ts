import { randomUUID } from 'node:crypto';
import { InvalidTransitionError, DomainError, ErrorCode } from '@nova/domain';
import { MigratedTenantDb, migratedTenantDb, seedSubscription, subscriptionRow } from '../../../../../test/support/migrated-tenant-db';
import { creditForUnusedTime } from '@nova/domain';
import { inTransaction } from '@nova/common';
import { getCustomerBalances } from '../../customers';
import { applyPaymentToInvoice, getInvoice } from '../../invoicing';
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
    expect(result).toEqual({ id: subscriptionId, status: 'canceled', cancelAtPeriodEnd: false, canceledAt: at, endedAt: at, creditNote: null });
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

  describe('canceling now with proration', () => {
    const periodOf = async (subscriptionId: string) =>
      (await db.pool.query<{ start: Date; end: Date }>('SELECT current_period_start AS start, current_period_end AS "end" FROM subscriptions WHERE id = $1', [subscriptionId])).rows[0]!;

    it('12 seconds after it started: the unused time, to the millisecond, comes off the open first invoice', async () => {
      const { subscriptionId, invoiceId } = await seedSubscription(db.pool); // KES 2,500.00 a month
      const period = await periodOf(subscriptionId);
      const at = new Date(period.start.getTime() + 12_000);
      const { creditNote } = await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false, at, prorate: true });
      const unused = creditForUnusedTime(250_000n, period, at);
      expect(unused).toBeGreaterThan(249_990n);
      expect(creditNote).toMatchObject({ invoiceId, amount: unused, prePaymentAmount: unused, postPaymentAmount: 0n, reason: 'order_change' });
      expect(await getInvoice(db.db, invoiceId)).toMatchObject({ status: 'open', amountDue: 250_000n - unused });
    });

    it('12 seconds after it was created, late in its start day: the hours of that day before it began are not charged', async () => {
      const { subscriptionId, invoiceId } = await seedSubscription(db.pool);
      const { startedAt } = (await db.pool.query<{ startedAt: Date }>('SELECT started_at AS "startedAt" FROM subscriptions WHERE id = $1', [subscriptionId])).rows[0]!;
      const period = await periodOf(subscriptionId);
      // The period starts at the start day's midnight; pretend it was created 20 hours into that day.
      const createdLate = new Date(period.start.getTime() + 20 * 3_600_000);
      await db.pool.query('UPDATE subscriptions SET started_at = $2 WHERE id = $1', [subscriptionId, createdLate]);
      expect(startedAt.getTime()).toBeGreaterThanOrEqual(period.start.getTime());
      const { creditNote } = await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false, at: new Date(createdLate.getTime() + 12_000), prorate: true });
      expect(creditNote!.amount).toBeGreaterThan(249_990n);
      expect(await getInvoice(db.db, invoiceId)).toMatchObject({ amountDue: 250_000n - creditNote!.amount });
    });

    it('a paid period: the unused half goes to the customer balance', async () => {
      const { subscriptionId, invoiceId, customerId } = await seedSubscription(db.pool);
      await inTransaction(db.pool, (client) => applyPaymentToInvoice(client, { invoiceId, amount: 250_000n, at: new Date() }));
      const period = await periodOf(subscriptionId);
      const at = new Date((period.start.getTime() + period.end.getTime()) / 2);
      const { creditNote } = await cancelSubscription(db.db, { subscriptionId, atPeriodEnd: false, at, prorate: true });
      expect(creditNote).toMatchObject({ amount: 125_000n, prePaymentAmount: 0n, postPaymentAmount: 125_000n });
      expect(await getCustomerBalances(db.db, customerId)).toEqual([{ currency: 'KES', balance: 125_000n }]);
    });

    it('credits nothing at period end, without prorate, or for a period never invoiced', async () => {
      const first = await seedSubscription(db.pool);
      expect((await cancelSubscription(db.db, { subscriptionId: first.subscriptionId, atPeriodEnd: true, prorate: true })).creditNote).toBeNull();
      const second = await seedSubscription(db.pool);
      expect((await cancelSubscription(db.db, { subscriptionId: second.subscriptionId, atPeriodEnd: false })).creditNote).toBeNull();
      const third = await seedSubscription(db.pool);
      await db.pool.query(`UPDATE invoices SET status = 'void', amount_due = 0 WHERE id = $1`, [third.invoiceId]);
      expect((await cancelSubscription(db.db, { subscriptionId: third.subscriptionId, atPeriodEnd: false, prorate: true })).creditNote).toBeNull();
    });
  });
});
