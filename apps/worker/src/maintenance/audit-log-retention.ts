import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditConfig, WebhooksConfig } from '@nova/config';
import { pruneEvents } from '@nova/events';
import { JOBS, JobSchedules, PruneAuditLogJob, PruneAuditLogTenantJob, PruneEventsJob, PruneEventsTenantJob, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import { TenantDb, TenantDirectory, pruneAuditLog } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner, fanOutPerTenantDatabase } from '../tenant-job';

export const AUDIT_LOG_PRUNE_SCHEDULER_ID = 'audit-log-prune';
export const EVENTS_PRUNE_SCHEDULER_ID = 'events-prune';

type MaintenanceJob =
  | Job<PruneAuditLogJob, unknown, typeof JOBS.pruneAuditLog>
  | Job<PruneAuditLogTenantJob, unknown, typeof JOBS.pruneAuditLogTenant>
  | Job<PruneEventsJob, unknown, typeof JOBS.pruneEvents>
  | Job<PruneEventsTenantJob, unknown, typeof JOBS.pruneEventsTenant>;

/**
 * The audit log's retention: a scheduler tick fans out one job per tenant (ids from tenant and
 * day, so a repeated fan-out adds nothing); each deletes that tenant's entries older than
 * AUDIT_LOG_RETENTION_DAYS through TenantJobRunner (suspended tenants too: retention still holds).
 * The events' retention (GET /api/events, EVENTS_RETENTION_DAYS) runs the same way on its own schedule.
 */
@Processor(QUEUES.maintenance, { concurrency: 2 })
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
    private readonly directory: TenantDirectory,
    private readonly tenantJobs: TenantJobRunner,
    private readonly tenantDb: TenantDb,
    private readonly config: AuditConfig,
    private readonly webhooks: WebhooksConfig,
  ) {
    super();
  }

  async process(job: MaintenanceJob, token?: string): Promise<unknown> {
    switch (job.name) {
      case JOBS.pruneAuditLog:
        return this.fanOut(job as Job<PruneAuditLogJob>);
      case JOBS.pruneEvents:
        return this.fanOutEvents(job as Job<PruneEventsJob>);
      case JOBS.pruneEventsTenant:
        return this.pruneTenantEvents(job as Job<PruneEventsTenantJob>, token);
      default:
        return this.pruneTenant(job as Job<PruneAuditLogTenantJob>, token);
    }
  }

  private async fanOutEvents(job: Job<PruneEventsJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    const day = new Date(job.timestamp).toISOString().slice(0, 10);
    // Each of a tenant's databases (live and test) keeps its own events.
    const { tenants } = await fanOutPerTenantDatabase(this.directory, this.queue, 'maintenance', (tenant) => ({
      name: JOBS.pruneEventsTenant,
      data: { ...tenant, correlationId } satisfies PruneEventsTenantJob,
      opts: { jobId: jobId('events-prune', tenantJobKey(tenant), day) },
    }));
    return { tenants };
  }

  private pruneTenantEvents(job: Job<PruneEventsTenantJob>, token?: string): Promise<{ deleted: number; before: Date } | SkippedTenantJob> {
    const { tenantId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'maintenance', async () => {
      const result = await pruneEvents(await this.tenantDb.connection(), { retentionDays: this.webhooks.eventsRetentionDays });
      if (result.deleted > 0) this.logger.log({ correlationId, tenantId, ...result }, 'Events pruned');
      return result;
    });
  }

  private async fanOut(job: Job<PruneAuditLogJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    const day = new Date(job.timestamp).toISOString().slice(0, 10);
    // Each of a tenant's databases (live and test) keeps its own log.
    const { tenants } = await fanOutPerTenantDatabase(this.directory, this.queue, 'maintenance', (tenant) => ({
      name: JOBS.pruneAuditLogTenant,
      data: { ...tenant, correlationId } satisfies PruneAuditLogTenantJob,
      opts: { jobId: jobId('audit-prune', tenantJobKey(tenant), day) },
    }));
    return { tenants };
  }

  private pruneTenant(job: Job<PruneAuditLogTenantJob>, token?: string): Promise<{ deleted: number; before: Date } | SkippedTenantJob> {
    const { tenantId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'maintenance', async () => {
      const result = await pruneAuditLog(await this.tenantDb.connection(), { retentionDays: this.config.retentionDays });
      if (result.deleted > 0) this.logger.log({ correlationId, tenantId, ...result }, 'Audit log pruned');
      return result;
    });
  }
}

/** Registers the prune with BullMQ's job scheduler and keeps it registered (idempotent upsert: every replica may do it). */
@Injectable()
export class AuditLogPruneScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue<PruneAuditLogJob>,
    private readonly config: AuditConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: AUDIT_LOG_PRUNE_SCHEDULER_ID, repeat: { pattern: this.config.prunePattern, tz: 'UTC' }, job: { name: JOBS.pruneAuditLog, data: {} } });
  }
}

/** Registers the events' prune (EVENTS_PRUNE_CRON) with BullMQ's job scheduler, like the audit log's. */
@Injectable()
export class EventsPruneScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue<PruneEventsJob>,
    private readonly config: WebhooksConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: EVENTS_PRUNE_SCHEDULER_ID, repeat: { pattern: this.config.eventsPrunePattern, tz: 'UTC' }, job: { name: JOBS.pruneEvents, data: {} } });
  }
}
