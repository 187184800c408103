import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BillingConfig } from '@nova/config';
import { BillingRunAllJob, JOBS, JobSchedules, QUEUES } from '@nova/queue';

export const BILLING_SCHEDULER_ID = 'billing-cycle';

/**
 * Registers the billing cycle with BullMQ's job scheduler and keeps it registered (JobSchedules:
 * again after a Redis reconnect, and periodically). Upserting is idempotent, so every worker
 * replica can do it and the cycle still fires once per tick.
 */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingScheduler.name);

  constructor(
    @InjectQueue(QUEUES.billing) private readonly queue: Queue<BillingRunAllJob>,
    private readonly config: BillingConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: BILLING_SCHEDULER_ID, repeat: { pattern: this.config.cyclePattern, tz: 'UTC' }, job: { name: JOBS.billingRunAll, data: {} } });
    this.logger.log(`Billing cycle scheduled: "${this.config.cyclePattern}" (UTC)`);
  }
}
