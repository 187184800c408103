import type { Queue } from 'bullmq';
import type { PaymentsConfig } from '@nova/config';
import type { TenantContext, TenantDb } from '@nova/tenancy';
import { migratedTenantDb, seedSubscription, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { updatePaymentSettings, tenantDunningPolicy } from './payment-settings';
import { PaymentReminders, claimPaymentReminder, remindersDue } from './payment-reminders';

const DAY_MS = 86_400_000;

describe('payment reminders (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  let reminders: PaymentReminders;
  const batches: { name: string; data: { invoiceId: string; daysFromDue: number }; opts: { jobId: string } }[][] = [];

  beforeAll(async () => {
    tenant = await migratedTenantDb('payment_reminders');
    reminders = new PaymentReminders(
      { addBulk: async (jobs: (typeof batches)[number]) => batches.push(jobs) } as unknown as Queue,
      { connection: async () => tenant.db } as unknown as TenantDb,
      { tenantId: 'tenant-1', mode: 'live', jobTenant: { tenantId: 'tenant-1', mode: 'live' } } as unknown as TenantContext,
      { retryDelaysSeconds: [86_400] } as unknown as PaymentsConfig,
    );
  });
  afterAll(() => tenant.drop());

  /** An open invoice due at `dueAt`, of a customer without a saved method. */
  async function openInvoiceDue(dueAt: Date): Promise<string> {
    const { invoiceId } = await seedSubscription(tenant.pool);
    await tenant.pool.query('UPDATE invoices SET due_at = $2 WHERE id = $1', [invoiceId, dueAt]);
    return invoiceId;
  }
  const dueOf = async (asOf: Date) => (await remindersDue(tenant.db, asOf, [86_400])).sort((a, b) => a.invoiceId.localeCompare(b.invoiceId));

  it('reminds on the default schedule, once per day of it, and stops when the invoice is paid', async () => {
    const asOf = new Date('2030-01-10T12:00:00Z');
    const dueInTwoDays = await openInvoiceDue(new Date(asOf.getTime() + 2 * DAY_MS));
    const dueInFiveDays = await openInvoiceDue(new Date(asOf.getTime() + 5 * DAY_MS));
    const fourDaysLate = await openInvoiceDue(new Date(asOf.getTime() - 4 * DAY_MS));

    const due = await remindersDue(tenant.db, asOf, [86_400]);
    expect(due).toEqual(expect.arrayContaining([{ invoiceId: dueInTwoDays, daysFromDue: -3 }, { invoiceId: fourDaysLate, daysFromDue: 3 }]));
    expect(due.map((reminder) => reminder.invoiceId)).not.toContain(dueInFiveDays);

    // Sent once: claimed, then never due or claimable again for that day.
    const claim = await claimPaymentReminder(tenant.db, fourDaysLate, 3);
    expect(claim.claimed).toBe(true);
    expect(await claimPaymentReminder(tenant.db, fourDaysLate, 3)).toEqual({ claimed: false, reason: 'already_sent' });
    expect((await remindersDue(tenant.db, asOf, [86_400])).map((reminder) => reminder.invoiceId)).not.toContain(fourDaysLate);
    // Three days later the 7-day reminder is due.
    expect(await remindersDue(tenant.db, new Date(asOf.getTime() + 3 * DAY_MS), [86_400])).toEqual(expect.arrayContaining([{ invoiceId: fourDaysLate, daysFromDue: 7 }]));

    // Paid (or void) meanwhile: not due, and a job already queued sends nothing.
    await tenant.pool.query(`UPDATE invoices SET status = 'paid', amount_paid = total, amount_due = 0, paid_at = now() WHERE id = $1`, [dueInTwoDays]);
    expect((await remindersDue(tenant.db, asOf, [86_400])).map((reminder) => reminder.invoiceId)).not.toContain(dueInTwoDays);
    expect(await claimPaymentReminder(tenant.db, dueInTwoDays, -3)).toEqual({ claimed: false, reason: 'not_payable' });
    await tenant.pool.query('UPDATE invoices SET status = $2 WHERE id = ANY($1)', [[dueInFiveDays, fourDaysLate], 'void']);
  });

  it('a failed send gives the reminder back for the retry', async () => {
    const asOf = new Date('2031-01-10T12:00:00Z');
    const invoiceId = await openInvoiceDue(asOf);
    const claim = await claimPaymentReminder(tenant.db, invoiceId, 0);
    if (!claim.claimed) throw new Error('expected a claim');
    await claim.release();
    expect((await claimPaymentReminder(tenant.db, invoiceId, 0)).claimed).toBe(true);
    await tenant.pool.query(`UPDATE invoices SET status = 'void' WHERE id = $1`, [invoiceId]);
  });

  it('skips invoices a saved method will collect', async () => {
    const asOf = new Date('2032-01-10T12:00:00Z');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    const charged = await seedSubscription(tenant.pool);
    await tenant.pool.query('UPDATE invoices SET due_at = $2 WHERE id = $1', [charged.invoiceId, asOf]);
    await tenant.pool.query(
      `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, is_default) VALUES (gen_random_uuid(), $1, $2, 'sealed', 'AUTH…1', 'fp-r', true)`,
      [charged.customerId, rows[0]!.id],
    );
    expect(await dueOf(asOf)).toEqual([]);
    await tenant.pool.query(`UPDATE invoices SET status = 'void' WHERE id = $1`, [charged.invoiceId]);
  });

  it('follows the tenant schedule; an empty one sends none; job ids make re-runs enqueue the same jobs', async () => {
    const asOf = new Date('2033-01-10T12:00:00Z');
    const invoiceId = await openInvoiceDue(new Date(asOf.getTime() - 1 * DAY_MS));
    expect(await dueOf(asOf)).toEqual([{ invoiceId, daysFromDue: 0 }]); // default: the due-day reminder (1 day late, the 3-day one is not due)

    await updatePaymentSettings(tenant.db, { reminderDays: [1, 10] }, [86_400]);
    expect((await tenantDunningPolicy(tenant.db, [86_400])).reminderDays).toEqual([1, 10]);
    expect(await reminders.enqueue(asOf, 'corr-1')).toBe(1);
    expect(batches.at(-1)).toEqual([{ name: 'mail.send-payment-reminder', data: expect.objectContaining({ invoiceId, daysFromDue: 1, tenantId: 'tenant-1' }), opts: { jobId: expect.any(String) } }]);
    const jobId = batches.at(-1)![0]!.opts.jobId;
    await reminders.enqueue(asOf, 'corr-2');
    expect(batches.at(-1)![0]!.opts.jobId).toBe(jobId);

    // Changing other settings keeps the schedule; [] turns reminders off.
    await updatePaymentSettings(tenant.db, { finalAction: 'cancel' }, [86_400]);
    expect((await tenantDunningPolicy(tenant.db, [86_400])).reminderDays).toEqual([1, 10]);
    await updatePaymentSettings(tenant.db, { reminderDays: [] }, [86_400]);
    expect(await reminders.enqueue(asOf, 'corr-3')).toBe(0);
    await expect(updatePaymentSettings(tenant.db, { reminderDays: [3, 1] }, [86_400])).rejects.toMatchObject({ details: { fields: [{ field: 'reminderDays' }] } });
  });
});
