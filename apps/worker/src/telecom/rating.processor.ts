import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { TelecomConfig } from '@nova/config';
import { QUEUES, RateCdrsJob } from '@nova/queue';
import { TenantDb } from '@nova/tenancy';
import { RatePendingCdrs, RatingBatchResult } from '@nova/telecom';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

/**
 * Rates a tenant's pending CDRs in set-based batches. Jobs of one tenant may run at once (several
 * ingestion batches, several workers): they share the pending rows through FOR UPDATE SKIP LOCKED.
 */
@Processor(QUEUES.rating)
export class RatingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RatingProcessor.name);

  constructor(
    private readonly config: TelecomConfig,
    private readonly tenantJobs: TenantJobRunner,
    private readonly tenantDb: TenantDb,
    private readonly ratePendingCdrs: RatePendingCdrs,
  ) {
    super();
  }

  /** Concurrency comes from validated configuration, which a decorator argument cannot read. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.ratingConcurrency;
  }

  /**
   * Deferred while the tenant is suspended: its CDRs stay queued in its database (a run claims
   * them only when it runs) and are rated when the job comes back after resume.
   */
  async process(job: Job<RateCdrsJob>, token?: string): Promise<RatingBatchResult | SkippedTenantJob> {
    const { tenantId, correlationId, batchId } = job.data;
    return this.tenantJobs.run(job, token, 'rating', async () => {
      const result = await this.ratePendingCdrs.execute(await this.tenantDb.connection());
      this.logger.log({ correlationId, tenantId, batchId, claimed: result.claimed, rated: result.rated, unratable: result.unratable, overLimit: result.overLimit }, 'CDRs rated');
      return result;
    });
  }
}
