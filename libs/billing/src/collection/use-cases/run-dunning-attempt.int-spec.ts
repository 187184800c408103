import { migratedTenantDb, seedSubscription, subscriptionRow, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { recordDunningOutcome } from './run-dunning-attempt';

const DAY_MS = 86_400_000;

describe('recordDunningOutcome: dunning attempts, retries and giving up (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('dunning');
  });
  afterAll(() => tenant.drop());

  async function inDunning() {
    const seeded = await seedSubscription(tenant.pool);
    await tenant.pool.query(`INSERT INTO invoice_dunning (invoice_id, status, attempts, updated_at) VALUES ($1, 'active', 0, now())`, [seeded.invoiceId]);
    return seeded;
  }
  const dunning = async (invoiceId: string) =>
    (await tenant.pool.query<{ status: string; attempts: number; last_error: string | null; next_attempt_at: Date | null }>(
      'SELECT status, attempts, last_error, next_attempt_at FROM invoice_dunning WHERE invoice_id = $1',
      [invoiceId],
    )).rows[0]!;
  const invoiceStatus = async (invoiceId: string) => (await tenant.pool.query('SELECT status FROM invoices WHERE id = $1', [invoiceId])).rows[0].status;
  const declined = { status: 'failed' as const, paymentId: '00000000-0000-4000-8000-000000000001', reason: 'insufficient funds' };
  const schedule = { maxAttempts: 3, retryDelaysMs: [DAY_MS, 3 * DAY_MS] };
  const now = new Date('2026-12-01T00:00:00Z');

  it('a declined attempt is retried on the schedule; the invoice and subscription stay as they are', async () => {
    const { invoiceId, subscriptionId } = await inDunning();
    const step = await recordDunningOutcome(tenant.db, { invoiceId, attempt: 1, ...schedule, finalAction: 'past_due' }, declined, now);

    expect(step).toEqual({ kind: 'retry', nextAttemptAt: new Date(now.getTime() + DAY_MS) });
    expect(await dunning(invoiceId)).toEqual({ status: 'active', attempts: 1, last_error: 'insufficient funds', next_attempt_at: new Date(now.getTime() + DAY_MS) });
    expect(await invoiceStatus(invoiceId)).toBe('open');
    expect((await subscriptionRow(tenant.pool, subscriptionId)).status).toBe('active');

    const second = await recordDunningOutcome(tenant.db, { invoiceId, attempt: 2, ...schedule, finalAction: 'past_due' }, declined, now);
    expect(second).toEqual({ kind: 'retry', nextAttemptAt: new Date(now.getTime() + 3 * DAY_MS) });
  });

  it('the last declined attempt exhausts dunning: invoice uncollectible, subscription past due (policy past_due)', async () => {
    const { invoiceId, subscriptionId } = await inDunning();
    const step = await recordDunningOutcome(tenant.db, { invoiceId, attempt: 3, ...schedule, finalAction: 'past_due' }, declined, now);

    expect(step).toEqual({ kind: 'exhausted', finalOutcome: 'your subscription is past due' });
    expect(await dunning(invoiceId)).toMatchObject({ status: 'exhausted', attempts: 3, next_attempt_at: null });
    expect(await invoiceStatus(invoiceId)).toBe('uncollectible');
    expect((await subscriptionRow(tenant.pool, subscriptionId)).status).toBe('past_due');
  });

  it('policy cancel ends the subscription instead', async () => {
    const { invoiceId, subscriptionId } = await inDunning();
    expect(await recordDunningOutcome(tenant.db, { invoiceId, attempt: 3, ...schedule, finalAction: 'cancel' }, declined, now)).toEqual({
      kind: 'exhausted',
      finalOutcome: 'your subscription has been cancelled',
    });
    const canceled = await subscriptionRow(tenant.pool, subscriptionId);
    expect(canceled).toMatchObject({ status: 'canceled' });
    expect(canceled.ended_at).not.toBeNull();
    expect(await invoiceStatus(invoiceId)).toBe('uncollectible');

  });

  it('policy cancel after an admin canceled the subscription meanwhile: no error, the subscription stays as it was', async () => {
    const { invoiceId, subscriptionId } = await inDunning();
    await tenant.pool.query(`UPDATE subscriptions SET status = 'canceled', canceled_at = now(), ended_at = now() WHERE id = $1`, [subscriptionId]);
    const canceled = await subscriptionRow(tenant.pool, subscriptionId);
    expect((await recordDunningOutcome(tenant.db, { invoiceId, attempt: 3, ...schedule, finalAction: 'cancel' }, declined, now)).kind).toBe('exhausted');
    expect(await subscriptionRow(tenant.pool, subscriptionId)).toEqual(canceled);
    expect(await invoiceStatus(invoiceId)).toBe('uncollectible');
  });

  it('giving up on an invoice paid meanwhile leaves the invoice and subscription alone', async () => {
    const { invoiceId, subscriptionId } = await inDunning();
    await tenant.pool.query(`UPDATE invoices SET status = 'paid', amount_paid = amount_due, amount_due = 0, paid_at = now() WHERE id = $1`, [invoiceId]);
    expect(await recordDunningOutcome(tenant.db, { invoiceId, attempt: 3, ...schedule, finalAction: 'cancel' }, declined, now)).toEqual({ kind: 'exhausted', finalOutcome: 'nothing else changes' });
    expect(await invoiceStatus(invoiceId)).toBe('paid');
    expect((await subscriptionRow(tenant.pool, subscriptionId)).status).toBe('active');
  });

  it('a successful charge records the attempt; nothing left to charge ends dunning as recovered', async () => {
    const charged = await inDunning();
    expect(await recordDunningOutcome(tenant.db, { invoiceId: charged.invoiceId, attempt: 2, ...schedule, finalAction: 'past_due' }, { status: 'succeeded', paymentId: declined.paymentId }, now)).toEqual({ kind: 'charged' });
    expect(await dunning(charged.invoiceId)).toMatchObject({ status: 'active', attempts: 2, last_error: null, next_attempt_at: null });

    const skipped = await inDunning();
    expect(await recordDunningOutcome(tenant.db, { invoiceId: skipped.invoiceId, attempt: 1, ...schedule, finalAction: 'past_due' }, { status: 'skipped', reason: 'invoice is not open' }, now)).toEqual({ kind: 'stopped' });
    expect(await dunning(skipped.invoiceId)).toMatchObject({ status: 'recovered', next_attempt_at: null });
  });
});
