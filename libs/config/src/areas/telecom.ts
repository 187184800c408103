import { EnvReader } from '../env-reader';

export class TelecomConfig {
  constructor(
    /** Rating jobs one worker process runs at once (they share pending CDRs via SKIP LOCKED). */
    readonly ratingConcurrency: number,
    /** Pending CDRs claimed per rating transaction. */
    readonly ratingBatchSize: number,
    /** Compiled rate plans kept in memory per process. */
    readonly planCacheMax: number,
  ) {}

  static fromEnv(env: EnvReader): TelecomConfig {
    return new TelecomConfig(
      env.int('RATING_CONCURRENCY', 2, { min: 1, max: 32 }),
      env.int('CDR_RATING_BATCH_SIZE', 10_000, { min: 100, max: 100_000 }),
      env.int('RATING_PLAN_CACHE_MAX', 64, { min: 1, max: 100_000 }),
    );
  }
}
