import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, Optional } from '@nestjs/common';
import { Job, MinimalJob, UnrecoverableError } from 'bullmq';
import { NotifyPaymentFailure, PaymentConfirmations, RefundCreditNote, RunDunningAttempt, SettlementRejectedError, processWebhookEvent } from '@nova/billing';
import { WebhookMetrics } from '@nova/metrics';
import { ChargeInvoiceJob, DUNNING_BACKOFF, JOBS, ProcessWebhookJob, QUEUES, ReconcileMpesaJob, ReconcileMpesaTenantJob, RefundCreditNoteJob, SweepWebhooksJob, dunningBackoff } from '@nova/queue';
import { TenantDb, TenantRecord, mayEmailCustomers } from '@nova/tenancy';
import { TenantJobRunner } from '../tenant-job';
import { StkReconciliationJobs } from './stk-reconciliation';
import { WebhookSweep } from './webhook-sweep';

type TenantPaymentsJob =
  | Job<ProcessWebhookJob, unknown, typeof JOBS.processWebhook>
  | Job<ChargeInvoiceJob, unknown, typeof JOBS.chargeInvoice>
  | Job<RefundCreditNoteJob, unknown, typeof JOBS.refundCreditNote>;
type PaymentsJob =
  | TenantPaymentsJob
  | Job<SweepWebhooksJob, unknown, typeof JOBS.sweepWebhooks>
  | Job<ReconcileMpesaJob, unknown, typeof JOBS.reconcileMpesa>
  | Job<ReconcileMpesaTenantJob, unknown, typeof JOBS.reconcileMpesaTenant>;

/**
 * Payments work for every tenant: applying stored webhooks (retried with the queue's
 * exponential backoff while they cannot apply yet), automatic charges (retried on the
 * tenant's dunning schedule through the `dunning` backoff type), the periodic sweep for
 * stored webhooks that never got a job, and the periodic M-Pesa reconciliation.
 */
@Processor(QUEUES.payments, {
  concurrency: 8,
  settings: {
    backoffStrategy: (attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob) =>
      type === DUNNING_BACKOFF ? dunningBackoff(attemptsMade, (job?.data as ChargeInvoiceJob | undefined)?.retryDelaysMs ?? []) : 0,
  },
})
export class PaymentsProcessor extends WorkerHost {
  private readonly logger = new Logger(PaymentsProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly db: TenantDb,
    private readonly runDunningAttempt: RunDunningAttempt,
    private readonly notifyPaymentFailure: NotifyPaymentFailure,
    private readonly sweep: WebhookSweep,
    private readonly confirmations: PaymentConfirmations,
    private readonly stkReconciliation: StkReconciliationJobs,
    private readonly refundCreditNote: RefundCreditNote,
    @Optional() private readonly webhookMetrics?: WebhookMetrics,
  ) {
    super();
  }

  async process(job: PaymentsJob, token?: string): Promise<unknown> {
    if (job.name === JOBS.sweepWebhooks) return this.sweep.sweep(job.data as SweepWebhooksJob);
    if (job.name === JOBS.reconcileMpesa) return this.stkReconciliation.fanOut(job as Job<ReconcileMpesaJob>);
    if (job.name === JOBS.reconcileMpesaTenant) return this.stkReconciliation.runTenant(job as Job<ReconcileMpesaTenantJob>, token);
    return this.processForTenant(job as TenantPaymentsJob, token);
  }

  /**
   * A webhook is settlement (money the provider already moved): applied even for a suspended
   * tenant, without customer e-mails. A charge is collection: deferred while the tenant is
   * suspended, keeping its place in the dunning schedule (decideTenantJob).
   */
  private processForTenant(job: TenantPaymentsJob, token?: string): Promise<unknown> {
    if (job.name === JOBS.processWebhook) return this.tenantJobs.run(job, token, 'settlement', (tenant) => this.applyWebhook(job as Job<ProcessWebhookJob>, tenant));
    // A credit note's refund is money the tenant already agreed to give back: sent even while it is suspended.
    if (job.name === JOBS.refundCreditNote) return this.tenantJobs.run(job, token, 'settlement', () => this.refundCreditNoteOf(job as Job<RefundCreditNoteJob>));
    return this.tenantJobs.run(job, token, 'collection', () => this.charge(job as Job<ChargeInvoiceJob>));
  }

  /** One automatic charge attempt (dunning); a declined one before the last is thrown, which hands the retry to BullMQ's `dunning` backoff. */
  private async charge(job: Job<ChargeInvoiceJob>): Promise<unknown> {
    const { invoiceId, retryDelaysMs, correlationId, tenantId } = job.data;
    const attempt = job.attemptsMade + 1;
    const { outcome, step } = await this.runDunningAttempt.execute({ invoiceId, attempt, maxAttempts: job.opts.attempts ?? 1, retryDelaysMs });
    if (outcome.status !== 'failed') return outcome;
    this.logger.log({ correlationId, tenantId, invoiceId, attempt, isLast: step.kind === 'exhausted' }, 'Automatic charge declined');
    if (step.kind === 'retry') throw new Error(`charge of invoice ${invoiceId} declined (attempt ${attempt}): ${outcome.reason}`);
    return { ...outcome, exhausted: true };
  }

  private async refundCreditNoteOf(job: Job<RefundCreditNoteJob>): Promise<unknown> {
    const note = await this.refundCreditNote.execute(job.data.creditNoteId);
    this.logger.log({ correlationId: job.data.correlationId, tenantId: job.data.tenantId, creditNoteId: note.id, refundStatus: note.refundStatus }, 'Credit note refund');
    return { creditNoteId: note.id, refundStatus: note.refundStatus };
  }

  private async applyWebhook(job: Job<ProcessWebhookJob>, tenant: TenantRecord): Promise<unknown> {
    const { pool } = await this.db.connection();
    try {
      const result = await processWebhookEvent(pool, job.data.webhookEventId, this.confirmations.confirm);
      this.webhookMetrics?.handled(result.status);
      this.logger.log({ correlationId: job.data.correlationId, tenantId: job.data.tenantId, webhookEventId: job.data.webhookEventId, ...result }, 'Webhook applied');
      if (result.status === 'processed' && result.outcome.effect === 'payment_failed' && result.outcome.invoiceId && mayEmailCustomers(tenant.status)) {
        await this.notifyPaymentFailure.execute({ invoiceId: result.outcome.invoiceId });
      }
      return result;
    } catch (error) {
      if (error instanceof SettlementRejectedError) {
        this.webhookMetrics?.handled('rejected');
        throw new UnrecoverableError(error.message);
      }
      throw error;
    }
  }
}
