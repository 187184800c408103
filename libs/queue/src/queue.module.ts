import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { RedisConfig } from '@nova/config';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queues';
import { InvalidationBus } from './invalidation-bus';
import { JobSchedules } from './job-schedules';
import { redisOptionsFromUrl } from './redis-connection';

/** Shared BullMQ connection and queue registrations (producers in the API, processors in the worker). */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [RedisConfig],
      useFactory: (redis: RedisConfig) => ({
        connection: redisOptionsFromUrl(redis.url),
        prefix: redis.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...Object.values(QUEUES).map((name) => BullModule.registerQueue({ name })),
  ],
  providers: [InvalidationBus, JobSchedules],
  exports: [BullModule, InvalidationBus, JobSchedules],
})
export class QueueModule {}
