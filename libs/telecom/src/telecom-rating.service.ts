import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { RatingPlan } from '@nova/rating';
import { TelecomConfig } from '@nova/config';
import { JOBS, LowBalanceNoticeJob, QUEUES, RateCdrsJob, jobId } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { CompiledPlanCache } from './compiled-plans';
import { RatingBatchResult, ratePendingCdrs } from './cdr-rating';

/**
 * Telecom rating for the current tenant, shared by the API (queues work, compiles plans to
 * validate them) and the worker (rates). One compiled-plan cache per process.
 */
@Injectable()
export class TelecomRatingService {
  readonly plans: CompiledPlanCache;

  constructor(
    private readonly config: TelecomConfig,
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.rating) private readonly ratingQueue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notificationQueue: Queue,
  ) {
    this.plans = new CompiledPlanCache(config.planCacheMax);
  }

  compiledPlan(db: Pool | PoolClient, planId: string): Promise<RatingPlan | null> {
    return this.plans.get(this.context.tenantId, db, planId);
  }

  /** Queues the rating of this tenant's pending CDRs; `batchId` makes re-queueing the same batch a no-op. */
  async queueRating(batchId: string = randomUUID()): Promise<void> {
    const { tenantId } = this.context;
    const correlationId = this.context.correlationId ?? batchId;
    await this.ratingQueue.add(JOBS.rateCdrs, { tenantId, correlationId, batchId } satisfies RateCdrsJob, { jobId: jobId('rate', tenantId, batchId) });
  }

  /** Rates every pending CDR of the tenant, then queues the low-balance notices it caused. */
  async ratePending(batchSize = this.config.ratingBatchSize): Promise<RatingBatchResult> {
    const { pool } = await this.tenantDb.connection();
    const result = await ratePendingCdrs(pool, (client, planId) => this.compiledPlan(client, planId), batchSize);
    const { tenantId } = this.context;
    const correlationId = this.context.correlationId ?? randomUUID();
    if (result.lowBalanceAccountIds.length > 0) {
      await this.notificationQueue.addBulk(
        result.lowBalanceAccountIds.map((accountId) => ({
          name: JOBS.lowBalanceNotice,
          data: { tenantId, correlationId, accountId } satisfies LowBalanceNoticeJob,
          // One notice per dip below the threshold: the account row records it, the job id dedupes retries.
          opts: { jobId: jobId('low-balance', tenantId, accountId, Math.floor(Date.now() / 60_000)) },
        })),
      );
    }
    return result;
  }
}
