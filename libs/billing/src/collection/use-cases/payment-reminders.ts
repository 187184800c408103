// Payment reminders (issue 9): e-mails before and after the due date, on the tenant's schedule
// (payment settings' reminderDays), for open invoices that no saved method will collect — those
// are charged and dunned instead. Queued after every billing run; each (invoice, schedule day) is
// sent at most once, and nothing is sent for an invoice paid or voided meanwhile.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PaymentsConfig } from '@nova/config';
import { reminderDue } from '@nova/domain';
import { JOBS, QUEUES, SendPaymentReminderJob, jobId, tenantJobKey } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import type { TenantDatabase } from '@nova/tenant-db';
import type { ClockScope } from '../../customers';
import { findInvoiceSummary } from '../../invoicing';
import { claimReminder, releaseReminder, selectReminderCandidates } from '../reminders.repository';
import { tenantDunningPolicy } from './payment-settings';

@Injectable()
export class PaymentReminders {
  constructor(
    @InjectQueue(QUEUES.mail) private readonly queue: Queue<SendPaymentReminderJob>,
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly config: PaymentsConfig,
  ) {}

  /**
   * Queues the reminders due as of `asOf` for the current tenant. Job ids derived from tenant,
   * invoice and schedule day make re-runs enqueue nothing new. Returns how many were queued.
   * `scope`: the customers on no test clock (default), or one clock's (as of its frozen time).
   */
  async enqueue(asOf: Date, correlationId: string, scope?: ClockScope): Promise<number> {
    const db = await this.db.connection();
    const due = await remindersDue(db, asOf, this.config.retryDelaysSeconds, scope);
    const tenant = this.context.jobTenant;
    await this.queue.addBulk(
      due.map(({ invoiceId, daysFromDue }) => ({
        name: JOBS.sendPaymentReminder,
        data: { ...tenant, correlationId, invoiceId, daysFromDue },
        opts: { jobId: jobId('reminder', tenantJobKey(tenant), invoiceId, daysFromDue) },
      })),
    );
    return due.length;
  }
}

/** The reminders due as of `asOf`: one per invoice at most, the latest day of the schedule that has come. */
export async function remindersDue(db: TenantDatabase, asOf: Date, installationRetryDelaysSeconds: readonly number[], scope?: ClockScope): Promise<{ invoiceId: string; daysFromDue: number }[]> {
  const { reminderDays } = await tenantDunningPolicy(db, installationRetryDelaysSeconds);
  if (reminderDays.length === 0) return [];
  const candidates = await selectReminderCandidates(db.pool, reminderDays, asOf, scope);
  return candidates.flatMap((candidate) => {
    const daysFromDue = reminderDue(candidate.dueAt, reminderDays, candidate.sentDays, asOf);
    return daysFromDue === null ? [] : [{ invoiceId: candidate.invoiceId, daysFromDue }];
  });
}

export type ReminderClaim = { claimed: true; release: () => Promise<void> } | { claimed: false; reason: 'already_sent' | 'not_payable' };

/**
 * Takes one reminder for sending: refused when the invoice is no longer open with something due
 * (paid or voided since it was queued) or when this reminder went out already. The sender calls
 * `release` if the e-mail then fails, so that the job's retry sends it.
 */
export async function claimPaymentReminder(db: TenantDatabase, invoiceId: string, daysFromDue: number): Promise<ReminderClaim> {
  const invoice = await findInvoiceSummary(db.pool, invoiceId);
  if (!invoice || invoice.status !== 'open' || invoice.amountDue <= 0n) return { claimed: false, reason: 'not_payable' };
  if (!(await claimReminder(db.pool, invoiceId, daysFromDue))) return { claimed: false, reason: 'already_sent' };
  return { claimed: true, release: () => releaseReminder(db.pool, invoiceId, daysFromDue) };
}
