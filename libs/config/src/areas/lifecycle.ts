import { EnvReader } from '../env-reader';

/** Process lifecycle of the API and the worker: graceful shutdown and job-scheduler upkeep. */
export class LifecycleConfig {
  constructor(
    /** After SIGTERM, how long in-flight requests and active jobs may take before queues and pools close anyway. */
    readonly shutdownDeadlineMs: number,
    /** How often the worker re-asserts its BullMQ job schedulers (besides on every Redis reconnect). */
    readonly schedulerReassertMs: number,
  ) {}

  static fromEnv(env: EnvReader): LifecycleConfig {
    return new LifecycleConfig(
      env.int('SHUTDOWN_DEADLINE_MS', 10_000, { min: 0, max: 600_000 }),
      env.int('JOB_SCHEDULER_REASSERT_MS', 60_000, { min: 1_000, max: 86_400_000 }),
    );
  }
}
