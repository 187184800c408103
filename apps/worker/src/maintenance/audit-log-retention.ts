import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AuditConfig } from '@nova/config';
import { JOBS, JobSchedules, PruneAuditLogJob, PruneAuditLogTenantJob, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import { TenantDb, TenantDirectory, pruneAuditLog } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner, fanOutPerTenantDatabase } from '../tenant-job';

export const AUDIT_LOG_PRUNE_SCHEDULER_ID = 'audit-log-prune';

type MaintenanceJob = Job<PruneAuditLogJob, unknown, typeof JOBS.pruneAuditLog> | Job<PruneAuditLogTenantJob, unknown, typeof JOBS.pruneAuditLogTenant>;

/**
 * The audit log's retention: a scheduler tick fans out one job per tenant (ids from tenant and
 * day, so a repeated fan-out adds nothing); each deletes that tenant's entries older than
 * AUDIT_LOG_RETENTION_DAYS through TenantJobRunner (suspended tenants too: retention still holds).
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
  ) {
    super();
  }

  async process(job: MaintenanceJob, token?: string): Promise<unknown> {
    if (job.name === JOBS.pruneAuditLog) return this.fanOut(job as Job<PruneAuditLogJob>);
    return this.pruneTenant(job as Job<PruneAuditLogTenantJob>, token);
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
