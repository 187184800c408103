import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BillingConfig } from '@nova/config';
import { BillingRunAllJob, FinalizeDraftsAllJob, JOBS, JobSchedules, QUEUES } from '@nova/queue';

export const BILLING_SCHEDULER_ID = 'billing-cycle';
export const DRAFT_FINALIZE_SCHEDULER_ID = 'draft-finalize';

/**
 * Registers the billing cycle with BullMQ's job scheduler and keeps it registered (JobSchedules:
 * again after a Redis reconnect, and periodically). Upserting is idempotent, so every worker
 * replica can do it and the cycle still fires once per tick.
 */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingScheduler.name);

  constructor(
    @InjectQueue(QUEUES.billing) private readonly queue: Queue<BillingRunAllJob | FinalizeDraftsAllJob>,
    private readonly config: BillingConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: BILLING_SCHEDULER_ID, repeat: { pattern: this.config.cyclePattern, tz: 'UTC' }, job: { name: JOBS.billingRunAll, data: {} } });
    // The billing cycle's drafts are finalized once their delay is over (the tenant's draftFinalizeDelayMinutes).
    await this.schedules.keep({ queue: this.queue, id: DRAFT_FINALIZE_SCHEDULER_ID, repeat: { every: this.config.draftFinalizeEveryMs }, job: { name: JOBS.finalizeDraftsAll, data: {} } });
    this.logger.log(`Billing cycle scheduled: "${this.config.cyclePattern}" (UTC); due drafts finalized every ${this.config.draftFinalizeEveryMs / 1000} s`);
  }
}
