import { Module } from '@nestjs/common';
import { RatingQueue } from './rating-queue';
import { TelecomRatingService } from './telecom-rating.service';
import { IngestCdrs } from './use-cases/ingest-cdrs';
import { RatePendingCdrs } from './use-cases/rate-pending-cdrs';
import { RetryCdrs } from './use-cases/retry-cdrs';

/** The telecom use cases that need injected collaborators (queues, config), for the API and the worker. Needs QueueModule and TenancyModule. */
const PROVIDERS = [RatingQueue, RatePendingCdrs, IngestCdrs, RetryCdrs, TelecomRatingService];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class TelecomModule {}
