import { Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AutomaticCharges, PaymentCollection, cancelSubscription, markSubscriptionPastDue } from '@nova/billing';
import { formatAmount } from '@nova/documents';
import { InvalidTransitionError } from '@nova/domain';
import { Mailer, paymentFailedEmail } from '@nova/mail';
import { ChargeInvoiceJob } from '@nova/queue';
import { TenantContext, TenantDb, TenantDirectory } from '@nova/tenancy';

/**
 * Automatic collection: after each billing cycle, open subscription invoices of customers with
 * a saved method get a charge job (AutomaticCharges); a declined charge is retried on the tenant's schedule
 * (BullMQ attempts with the `dunning` backoff), the customer is told at each step, and after
 * the last attempt the invoice becomes uncollectible and the subscription past due or
 * cancelled, as the tenant's policy says.
 */
@Injectable()
export class DunningService {
  private readonly logger = new Logger(DunningService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly directory: TenantDirectory,
    private readonly collection: PaymentCollection,
    private readonly charges: AutomaticCharges,
    private readonly mailer: Mailer,
  ) {}

  async charge(job: Job<ChargeInvoiceJob>): Promise<unknown> {
    const { invoiceId, retryDelaysMs } = job.data;
    const attempt = job.attemptsMade + 1;
    const outcome = await this.collection.chargeSaved(invoiceId, attempt);
    const { pool } = await this.db.connection();
    if (outcome.status === 'skipped') {
      await pool.query(`UPDATE invoice_dunning SET status = 'recovered', next_attempt_at = NULL, updated_at = now() WHERE invoice_id = $1 AND status = 'active'`, [invoiceId]);
      return outcome;
    }
    if (outcome.status !== 'failed') {
      await pool.query(`UPDATE invoice_dunning SET attempts = $2, last_error = NULL, next_attempt_at = NULL, updated_at = now() WHERE invoice_id = $1`, [invoiceId, attempt]);
      return outcome;
    }

    const isLast = attempt >= (job.opts.attempts ?? 1);
    const nextAttemptAt = isLast ? undefined : new Date(Date.now() + (retryDelaysMs[attempt - 1] ?? 0));
    await pool.query(
      `UPDATE invoice_dunning SET attempts = $2, last_error = $3, next_attempt_at = $4, status = $5::"DunningStatus", updated_at = now() WHERE invoice_id = $1`,
      [invoiceId, attempt, outcome.reason.slice(0, 500), nextAttemptAt ?? null, isLast ? 'exhausted' : 'active'],
    );
    const finalOutcome = isLast ? await this.giveUp(invoiceId) : undefined;
    await this.notify(invoiceId, nextAttemptAt, finalOutcome);
    this.logger.log({ correlationId: job.data.correlationId, tenantId: job.data.tenantId, invoiceId, attempt, isLast }, 'Automatic charge declined');
    // Throwing hands the retry to BullMQ, which waits the tenant's delay (dunning backoff).
    if (!isLast) throw new Error(`charge of invoice ${invoiceId} declined (attempt ${attempt}): ${outcome.reason}`);
    return { ...outcome, exhausted: true };
  }

  /** A hosted-checkout payment failed: the customer hears about it; nothing is retried for them. */
  async notifyCheckoutFailure(invoiceId: string): Promise<void> {
    await this.notify(invoiceId, undefined, undefined, false);
  }

  private async giveUp(invoiceId: string): Promise<string> {
    const policy = await this.charges.policy();
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<{ subscription_id: string | null }>(
      `UPDATE invoices SET status = 'uncollectible', updated_at = now() WHERE id = $1 AND status = 'open' RETURNING subscription_id`,
      [invoiceId],
    );
    const subscriptionId = rows[0]?.subscription_id;
    if (!subscriptionId) return 'nothing else changes';
    if (policy.finalAction === 'cancel') {
      // The same use case as the API's cancel; one canceled meanwhile (by an admin) stays as it is.
      await cancelSubscription(pool, { subscriptionId, atPeriodEnd: false }).catch((error: unknown) => {
        if (!(error instanceof InvalidTransitionError)) throw error;
      });
      return 'your subscription has been cancelled';
    }
    await markSubscriptionPastDue(pool, subscriptionId);
    return 'your subscription is past due';
  }

  private async notify(invoiceId: string, nextAttemptAt: Date | undefined, finalOutcome: string | undefined, dunning = true): Promise<void> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<{ number: string; amount_due: string; currency: string; name: string; email: string }>(
      'SELECT i.number, i.amount_due::text AS amount_due, i.currency, c.name, c.email FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = $1',
      [invoiceId],
    );
    const invoice = rows[0];
    if (!invoice) throw new UnrecoverableError(`Invoice ${invoiceId} no longer exists`);
    const tenant = await this.directory.find(this.context.tenantId);
    const email = paymentFailedEmail({
      tenantName: tenant?.name ?? 'Billing',
      customerName: invoice.name,
      number: invoice.number,
      amountFormatted: formatAmount(BigInt(invoice.amount_due), invoice.currency),
      nextAttemptAt: dunning ? nextAttemptAt : undefined,
      finalOutcome: dunning ? finalOutcome : 'you can pay it again at any time',
    });
    await this.mailer.send({ to: invoice.email, ...email });
  }
}

