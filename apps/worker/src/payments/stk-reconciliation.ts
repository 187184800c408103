import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { NotifyPaymentFailure, StkReconciliation, StkReconciliationResult } from '@nova/billing';
import { PaymentsConfig } from '@nova/config';
import { JOBS, JobSchedules, QUEUES, ReconcileMpesaJob, ReconcileMpesaTenantJob, jobId, tenantJobKey } from '@nova/queue';
import { TenantDirectory, mayEmailCustomers } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner, fanOutPerTenantDatabase } from '../tenant-job';

export const STK_RECONCILIATION_SCHEDULER_ID = 'mpesa-stk-reconciliation';

/**
 * M-Pesa reconciliation jobs: a scheduler tick fans out one job per tenant whose settlement runs
 * (active and suspended ones: the customer already paid; ids from tenant and tick, so a repeated
 * fan-out adds nothing); each runs the StkReconciliation use case through TenantJobRunner, and a
 * suspended tenant's customers get no failure e-mail.
 */
@Injectable()
export class StkReconciliationJobs {
  private readonly logger = new Logger(StkReconciliationJobs.name);

  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue,
    private readonly directory: TenantDirectory,
    private readonly tenantJobs: TenantJobRunner,
    private readonly reconciliation: StkReconciliation,
    private readonly notifyPaymentFailure: NotifyPaymentFailure,
    private readonly config: PaymentsConfig,
  ) {}

  async fanOut(job: Job<ReconcileMpesaJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    const tick = Math.floor(job.timestamp / this.config.mpesaReconcileEveryMs);
    const { tenants } = await fanOutPerTenantDatabase(this.directory, this.queue, 'settlement', (tenant) => ({
      name: JOBS.reconcileMpesaTenant,
      data: { ...tenant, correlationId } satisfies ReconcileMpesaTenantJob,
      opts: { jobId: jobId('mpesa-reconcile', tenantJobKey(tenant), tick) },
    }));
    return { tenants };
  }

  runTenant(job: Job<ReconcileMpesaTenantJob>, token?: string): Promise<StkReconciliationResult | SkippedTenantJob> {
    const { tenantId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'settlement', async (tenant) => {
      const result = await this.reconciliation.execute({
        queryAfterSeconds: this.config.mpesaReconcileAfterSeconds,
        giveUpAfterHours: this.config.mpesaReconcileGiveUpAfterHours,
      });
      if (mayEmailCustomers(tenant.status)) for (const invoiceId of result.failedInvoiceIds) await this.notifyPaymentFailure.execute({ invoiceId });
      if (result.checked > 0) this.logger.log({ correlationId, tenantId, ...result }, 'M-Pesa STK payments reconciled');
      return result;
    });
  }
}

/** Registers the reconciliation with BullMQ's job scheduler and keeps it registered (idempotent upsert: every replica may do it). */
@Injectable()
export class StkReconciliationScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<ReconcileMpesaJob>,
    private readonly config: PaymentsConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      queue: this.queue,
      id: STK_RECONCILIATION_SCHEDULER_ID,
      repeat: { every: this.config.mpesaReconcileEveryMs },
      job: { name: JOBS.reconcileMpesa, data: {} },
    });
  }
}
