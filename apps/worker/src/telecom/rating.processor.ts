import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { TelecomConfig } from '@nova/config';
import { QUEUES, RateCdrsJob } from '@nova/queue';
import { RatingBatchResult, TelecomRatingService } from '@nova/telecom';
import { TenantContext, TenantDirectory } from '@nova/tenancy';

/**
 * Rates a tenant's pending CDRs in set-based batches. Jobs of one tenant may run at once (several
 * ingestion batches, several workers): they share the pending rows through FOR UPDATE SKIP LOCKED.
 */
@Processor(QUEUES.rating)
export class RatingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RatingProcessor.name);

  constructor(
    private readonly config: TelecomConfig,
    private readonly directory: TenantDirectory,
    private readonly tenantContext: TenantContext,
    private readonly rating: TelecomRatingService,
  ) {
    super();
  }

  /** Concurrency comes from validated configuration, which a decorator argument cannot read. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.ratingConcurrency;
  }

  async process(job: Job<RateCdrsJob>): Promise<RatingBatchResult> {
    const { tenantId, correlationId, batchId } = job.data;
    const tenant = await this.directory.find(tenantId);
    if (!tenant) throw new UnrecoverableError(`Tenant ${tenantId} no longer exists`);
    const result = await this.tenantContext.run(tenant, () => this.rating.ratePending(), correlationId);
    this.logger.log({ correlationId, tenantId, batchId, claimed: result.claimed, rated: result.rated, unratable: result.unratable, overLimit: result.overLimit }, 'CDRs rated');
    return result;
  }
}
