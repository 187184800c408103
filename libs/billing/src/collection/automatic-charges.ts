// Automatic collection after a billing cycle, the same whoever runs the cycle (the worker's
// schedule or an admin's run-now): open subscription invoices of customers with a saved method
// get a charge job, retried on the tenant's dunning schedule.

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { PaymentsConfig } from '@nova/config';
import { DunningFinalAction, resolveDunningPolicy } from '@nova/domain';
import { ChargeInvoiceJob, DUNNING_BACKOFF, JOBS, QUEUES, jobId } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';

export interface DunningPolicy {
  readonly retryDelaysMs: number[];
  readonly finalAction: DunningFinalAction;
}

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
  async enqueue(correlationId: string): Promise<number> {
    const { pool } = await this.db.connection();
    await pool.query(
      `INSERT INTO invoice_dunning (invoice_id, status, attempts, updated_at)
       SELECT i.id, 'active', 0, now() FROM invoices i
        WHERE i.status = 'open' AND i.subscription_id IS NOT NULL AND i.amount_due > 0
          AND EXISTS (SELECT 1 FROM payment_methods pm JOIN payment_provider_accounts a ON a.id = pm.account_id AND a.active
                       WHERE pm.customer_id = i.customer_id AND pm.is_default)
       ON CONFLICT (invoice_id) DO NOTHING`,
    );
    // Rows not attempted yet, including any whose job was lost before it was enqueued.
    const { rows } = await pool.query<{ invoice_id: string }>(`SELECT invoice_id FROM invoice_dunning WHERE status = 'active' AND attempts = 0`);
    if (rows.length === 0) return 0;
    const policy = await this.policy();
    const tenantId = this.context.tenantId;
    await this.queue.addBulk(
      rows.map(({ invoice_id }) => ({
        name: JOBS.chargeInvoice,
        data: { tenantId, correlationId, invoiceId: invoice_id, retryDelaysMs: policy.retryDelaysMs },
        opts: { jobId: jobId('charge', tenantId, invoice_id), attempts: policy.retryDelaysMs.length + 1, backoff: { type: DUNNING_BACKOFF } },
      })),
    );
    return rows.length;
  }

  /** The tenant's retry schedule and final action, or the installation defaults. */
  async policy(): Promise<DunningPolicy> {
    const prisma = await this.db.client();
    const settings = await prisma.paymentSettings.findUnique({ where: { id: 1 } });
    const { retryDelaysSeconds, finalAction } = resolveDunningPolicy(settings, this.config.retryDelaysSeconds);
    return { retryDelaysMs: retryDelaysSeconds.map((delay) => delay * 1000), finalAction };
  }
}
