import { Injectable } from '@nestjs/common';
import { TenantDb } from '@nova/tenancy';
import type { RatingBatchResult } from './cdr-rating';
import { RatingQueue } from './rating-queue';
import { RatePendingCdrs } from './use-cases/rate-pending-cdrs';

/**
 * Rating as the end-to-end tests drive it (queue a batch, rate now). The apps call the use case
 * (RatePendingCdrs) and the queue (RatingQueue) themselves; this only forwards to them.
 */
@Injectable()
export class TelecomRatingService {
  constructor(
    private readonly queue: RatingQueue,
    private readonly rating: RatePendingCdrs,
    private readonly tenantDb: TenantDb,
  ) {}

  queueRating(batchId?: string): Promise<void> {
    return this.queue.queueRating(batchId);
  }

  async ratePending(batchSize?: number): Promise<RatingBatchResult> {
    return this.rating.execute(await this.tenantDb.connection(), { batchSize });
  }
}
