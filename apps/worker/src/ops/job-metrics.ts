import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue, Worker } from 'bullmq';
import { JOB_BUCKETS_SECONDS, METRIC_PREFIX, MetricsRegistry } from '@nova/metrics';
import { QUEUES } from '@nova/queue';

/** The queue states worth watching: a growing `waiting` means too few workers, `failed` needs a look. */
const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * The worker's queue metrics: per queue and job name (both fixed sets, never a tenant), how long
 * jobs waited and ran, how many completed, failed for good or will be retried; and the depth of
 * every queue, read from Redis at scrape time (Redis is the truth, shared by all replicas: each
 * replica reports the same depth, so dashboards take max() over instances).
 */
@Injectable()
export class JobMetrics implements OnModuleInit {
  private readonly waited;
  private readonly ran;
  private readonly completed;
  private readonly failed;
  private readonly retried;
  private queues: Queue[] = [];

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly moduleRef: ModuleRef,
  ) {
    // `job_name`, not `job`: Prometheus gives every series the scrape job's `job` label and would
    // rename ours to `exported_job`, so a dashboard's `by (job)` would group by scrape target.
    const labels = ['queue', 'job_name'] as const;
    this.waited = metrics.histogram(`${METRIC_PREFIX}job_wait_seconds`, 'Time a job waited in its queue before a worker took it (after any delay it was given)', labels, JOB_BUCKETS_SECONDS);
    this.ran = metrics.histogram(`${METRIC_PREFIX}job_processing_seconds`, 'Time a job attempt ran, completed or failed', labels, JOB_BUCKETS_SECONDS);
    this.completed = metrics.counter(`${METRIC_PREFIX}jobs_completed_total`, 'Jobs completed', labels);
    this.failed = metrics.counter(`${METRIC_PREFIX}jobs_failed_total`, 'Jobs failed for good (no attempt left, or unrecoverable)', labels);
    this.retried = metrics.counter(`${METRIC_PREFIX}jobs_retried_total`, 'Failed job attempts that will be retried', labels);
  }

  onModuleInit(): void {
    this.queues = Object.values(QUEUES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
    this.metrics.gauge(`${METRIC_PREFIX}queue_jobs`, 'Jobs per queue and state (waiting, active, delayed, failed), read at scrape time', ['queue', 'state'], (gauge) => this.collectDepth(gauge));
  }

  /** Follows one BullMQ worker's job events (failures come through failedAttempt, see JobWorkers). */
  watch(worker: Worker): void {
    worker.on('active', (job) => {
      const queuedAt = job.timestamp + (job.opts.delay ?? 0);
      if (job.processedOn) this.waited.observe(this.labels(job), Math.max(0, job.processedOn - queuedAt) / 1000);
    });
    worker.on('completed', (job) => {
      this.observeRun(job);
      this.completed.inc(this.labels(job));
    });
  }

  failedAttempt(job: Job | undefined, willRetry: boolean): void {
    if (!job) return;
    this.observeRun(job);
    (willRetry ? this.retried : this.failed).inc(this.labels(job));
  }

  /** An attempt that will be retried has no finishedOn yet: it ended now. */
  private observeRun(job: Job): void {
    if (job.processedOn) this.ran.observe(this.labels(job), Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
  }

  private labels(job: Job): { queue: string; job_name: string } {
    return { queue: job.queueName, job_name: job.name };
  }

  private async collectDepth(gauge: { reset(): void; set(labels: { queue: string; state: string }, value: number): void }): Promise<void> {
    gauge.reset();
    // Redis down or closing: the series are absent from this scrape rather than failing all of it.
    const counts = await Promise.all(this.queues.map((queue) => queue.getJobCounts(...DEPTH_STATES).then((byState) => ({ queue: queue.name, byState }), () => undefined)));
    for (const entry of counts) {
      if (!entry) continue;
      for (const state of DEPTH_STATES) gauge.set({ queue: entry.queue, state }, entry.byState[state] ?? 0);
    }
  }
}
