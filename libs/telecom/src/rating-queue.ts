import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JOBS, QUEUES, RateCdrsJob, jobId, tenantJobKey } from '@nova/queue';
import { TenantContext } from '@nova/tenancy';

/** Asks the worker to rate the current tenant's queued CDRs (ingest and re-rating call it after storing). */
@Injectable()
export class RatingQueue {
  constructor(
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.rating) private readonly queue: Queue,
  ) {}

  /** `batchId` makes re-queueing the same batch a no-op. */
  async queueRating(batchId: string = randomUUID()): Promise<void> {
    const tenant = this.context.jobTenant;
    const correlationId = this.context.correlationId ?? batchId;
    await this.queue.add(JOBS.rateCdrs, { ...tenant, correlationId, batchId } satisfies RateCdrsJob, { jobId: jobId('rate', tenantJobKey(tenant), batchId) });
  }
}
