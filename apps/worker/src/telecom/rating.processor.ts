import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { QUEUES, RateCdrsJob } from '@nova/queue';
import { RatingBatchResult, TelecomRatingService } from '@nova/telecom';
import { TenantContext, TenantDirectory } from '@nova/tenancy';

/**
 * Rates a tenant's pending CDRs in set-based batches. Jobs of one tenant may run at once (several
 * ingestion batches, several workers): they share the pending rows through FOR UPDATE SKIP LOCKED.
 */
@Processor(QUEUES.rating, { concurrency: Number(process.env.RATING_CONCURRENCY ?? 2) })
export class RatingProcessor extends WorkerHost {
  private readonly logger = new Logger(RatingProcessor.name);

  constructor(
    private readonly directory: TenantDirectory,
    private readonly tenantContext: TenantContext,
    private readonly rating: TelecomRatingService,
  ) {
    super();
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
