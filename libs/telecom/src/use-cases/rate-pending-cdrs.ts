import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Optional } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { TelecomConfig } from '@nova/config';
import { RatingMetrics } from '@nova/metrics';
import { JOBS, LowBalanceNoticeJob, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import { TenantContext } from '@nova/tenancy';
import type { TenantDatabase } from '@nova/tenant-db';
import { type RatingBatchResult, ratePendingCdrs } from '../cdr-rating';
import { CompiledPlanCache } from '../compiled-plans';

/**
 * Rates every queued CDR of the current tenant (set-based batches, prepaid debits through the
 * balance rule), then queues the low-balance notices the batches caused. One compiled-plan cache
 * per process.
 */
@Injectable()
export class RatePendingCdrs {
  readonly plans: CompiledPlanCache;

  constructor(
    private readonly config: TelecomConfig,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.notifications) private readonly notificationQueue: Queue,
    @Optional() private readonly metrics?: RatingMetrics,
  ) {
    this.plans = new CompiledPlanCache(config.planCacheMax);
  }

  async execute(db: TenantDatabase, { batchSize = this.config.ratingBatchSize }: { batchSize?: number } = {}): Promise<RatingBatchResult> {
    const tenant = this.context.jobTenant;
    // Compiled plans are cached per tenant and mode (the live and test databases have plans of their own), and job ids are per mode.
    const tenantKey = tenantJobKey(tenant);
    const result = await ratePendingCdrs(db.pool, (client, planId) => this.plans.get(tenantKey, client, planId), batchSize);
    this.metrics?.rated(result);
    const correlationId = this.context.correlationId ?? randomUUID();
    if (result.lowBalanceAccountIds.length > 0) {
      await this.notificationQueue.addBulk(
        result.lowBalanceAccountIds.map((accountId) => ({
          name: JOBS.lowBalanceNotice,
          data: { ...tenant, correlationId, accountId } satisfies LowBalanceNoticeJob,
          // One notice per dip below the threshold: the account row records it, the job id dedupes retries.
          opts: { jobId: jobId('low-balance', tenantKey, accountId, Math.floor(Date.now() / 60_000)) },
        })),
      );
    }
    return result;
  }
}
