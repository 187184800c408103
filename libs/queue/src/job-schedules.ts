import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';
import { LifecycleConfig } from '@nova/config';

/** A BullMQ job scheduler a process keeps registered: which queue, its id, when, and the job it makes. */
export interface JobSchedule {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; data?: object; opts?: JobSchedulerTemplateOptions };
}

/**
 * Keeps job schedulers registered in Redis. Schedulers live only in Redis: one restarted without
 * persistence (or flushed, or failed over to an empty replica) forgets them, and the billing
 * cycle would never run again. So every schedule handed to `keep()` is upserted at once, again
 * whenever its queue's Redis connection becomes ready after a reconnect, and periodically
 * (JOB_SCHEDULER_REASSERT_MS). Upserting is idempotent, so every replica may do it: the next run
 * keeps its deterministic id and fires once. Any scheduler (billing, webhook sweep, a
 * reconciliation job) plugs in with one `keep()` call at application bootstrap.
 */
@Injectable()
export class JobSchedules implements OnModuleDestroy {
  private readonly logger = new Logger(JobSchedules.name);
  private readonly schedules = new Map<string, JobSchedule>();
  private readonly watched = new WeakSet<Queue>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly config: LifecycleConfig) {}

  /** Registers the schedule now (throws if Redis refuses) and keeps it registered. */
  async keep(schedule: JobSchedule): Promise<void> {
    this.schedules.set(`${schedule.queue.name}:${schedule.id}`, schedule);
    await this.upsert(schedule);
    await this.watch(schedule.queue);
    this.timer ??= setInterval(() => void this.reassert('periodic'), this.config.schedulerReassertMs).unref();
  }

  /** Upserts every kept schedule (of one queue, or all); failures are logged, the next chance retries. */
  async reassert(reason: string, queue?: Queue): Promise<void> {
    if (this.stopped) return;
    const due = [...this.schedules.values()].filter((schedule) => !queue || schedule.queue === queue);
    await Promise.all(
      due.map((schedule) =>
        this.upsert(schedule).catch((error: Error) => this.logger.warn({ scheduler: schedule.id, queue: schedule.queue.name, reason, error: error.message }, 'Re-registering a job scheduler failed')),
      ),
    );
    if (reason !== 'periodic') this.logger.log({ reason, schedulers: due.map((schedule) => schedule.id) }, 'Job schedulers re-registered');
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private upsert({ queue, id, repeat, job }: JobSchedule): Promise<unknown> {
    return queue.upsertJobScheduler(id, repeat, job);
  }

  /** 'ready' fires on every (re)connection: the first one has passed by the time keep() gets here. */
  private async watch(queue: Queue): Promise<void> {
    if (this.watched.has(queue)) return;
    this.watched.add(queue);
    const client = await queue.client;
    client.on('ready', () => void this.reassert('redis-reconnected', queue));
  }
}
