import { Module } from '@nestjs/common';
import { TelecomRatingService } from './telecom-rating.service';

/** Telecom rating for the API (queues rating, validates plans) and the worker (rates). Needs QueueModule and TenancyModule. */
@Module({ providers: [TelecomRatingService], exports: [TelecomRatingService] })
export class TelecomModule {}
