import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { JobMetrics } from '../ops/job-metrics';

/**
 * Every BullMQ worker of this process (one per processor), found once: the failed-attempt log
 * and the shutdown sequence act on all queues from one place, so a new processor is covered
 * without anyone remembering to wire it.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: JobMetrics,
  ) {}

  all(): Worker[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
      .map((host) => host.worker);
  }

  onApplicationBootstrap(): void {
    for (const worker of this.all()) {
      this.metrics.watch(worker);
      worker.on('failed', (job, error) => this.logFailedAttempt(job, error));
    }
  }

  /** One line per failed attempt: what, for whom, which attempt of how many, and why (the message only). */
  private logFailedAttempt(job: Job | undefined, error: Error): void {
    const data = (job?.data ?? {}) as { tenantId?: unknown; mode?: unknown; correlationId?: unknown };
    const maxAttempts = job?.opts.attempts ?? 1;
    const attempt = job?.attemptsMade ?? 0;
    const willRetry = attempt < maxAttempts && !(error instanceof UnrecoverableError) && error.name !== 'UnrecoverableError';
    this.metrics.failedAttempt(job, willRetry);
    const fields = {
      job: job?.name,
      jobId: job?.id,
      queue: job?.queueName,
      tenantId: typeof data.tenantId === 'string' ? data.tenantId : undefined,
      mode: typeof data.mode === 'string' ? data.mode : undefined,
      correlationId: typeof data.correlationId === 'string' ? data.correlationId : undefined,
      attempt,
      maxAttempts,
      willRetry,
      error: error.message,
    };
    if (willRetry) this.logger.warn(fields, 'Job attempt failed; it will be retried');
    else this.logger.error(fields, 'Job failed for good');
  }
}
