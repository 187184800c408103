// Automatic collection after a billing cycle, the same whoever runs the cycle (the worker's
// schedule or an admin's run-now): open subscription invoices of customers with a saved method
// get a charge job, retried on the tenant's dunning schedule.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PaymentsConfig } from '@nova/config';
import { ChargeInvoiceJob, DUNNING_BACKOFF, JOBS, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import type { ClockScope } from '../../customers';
import { startDunningForCollectableInvoices } from '../dunning.repository';
import { tenantDunningPolicy } from './payment-settings';

@Injectable()
export class AutomaticCharges {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<ChargeInvoiceJob>,
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly config: PaymentsConfig,
  ) {}

  /**
   * One set-based statement finds the current tenant's invoices to collect; job ids derived from
   * tenant and invoice make re-runs (and a run-now next to the scheduled run) enqueue nothing new.
   */
  async enqueue(correlationId: string, scope?: ClockScope): Promise<number> {
    const db = await this.db.connection();
    const invoiceIds = await startDunningForCollectableInvoices(db.pool, scope);
    if (invoiceIds.length === 0) return 0;
    const policy = await tenantDunningPolicy(db, this.config.retryDelaysSeconds);
    const retryDelaysMs = policy.retryDelaysSeconds.map((delay) => delay * 1000);
    const tenant = this.context.jobTenant;
    await this.queue.addBulk(
      invoiceIds.map((invoiceId) => ({
        name: JOBS.chargeInvoice,
        data: { ...tenant, correlationId, invoiceId, retryDelaysMs },
        opts: { jobId: jobId('charge', tenantJobKey(tenant), invoiceId), attempts: retryDelaysMs.length + 1, backoff: { type: DUNNING_BACKOFF } },
      })),
    );
    return invoiceIds.length;
  }
}
