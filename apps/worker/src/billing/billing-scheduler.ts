import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { BillingConfig } from '@nova/config';
import { BillingRunAllJob, JOBS, QUEUES } from '@nova/queue';

export const BILLING_SCHEDULER_ID = 'billing-cycle';

/**
 * Registers the billing cycle with BullMQ's job scheduler. Upserting is idempotent, so every
 * worker replica can do it at start-up and the cycle still fires once per tick.
 */
@Injectable()
export class BillingScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingScheduler.name);

  constructor(
    @InjectQueue(QUEUES.billing) private readonly queue: Queue<BillingRunAllJob>,
    private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(BILLING_SCHEDULER_ID, { pattern: this.config.cyclePattern, tz: 'UTC' }, { name: JOBS.billingRunAll, data: {} });
    this.logger.log(`Billing cycle scheduled: "${this.config.cyclePattern}" (UTC)`);
  }
}
