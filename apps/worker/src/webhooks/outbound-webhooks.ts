import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { WebhooksConfig } from '@nova/config';
import { DeliverWebhooks, relayEvents } from '@nova/events';
import { JOBS, JobSchedules, QUEUES, RelayWebhooksJob, RelayWebhooksTenantJob, WebhookEndpointDisabledJob, jobId, tenantJobKey } from '@nova/queue';
import { TenantDb, TenantDirectory } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner, fanOutPerTenantDatabase } from '../tenant-job';

export const WEBHOOK_RELAY_SCHEDULER_ID = 'outbound-webhook-relay';

/**
 * Outbound webhooks run as `settlement` does (TenantJobRunner): for active and suspended tenants
 * (events about money the providers moved still reach the tenant's own systems), deferred while a
 * tenant is provisioned, skipped for a deleted one.
 */
const WEBHOOK_JOB_KIND = 'settlement';

@Injectable()
export class OutboundWebhookJobs {
  private readonly logger = new Logger(OutboundWebhookJobs.name);

  constructor(
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
    private readonly directory: TenantDirectory,
    private readonly tenantJobs: TenantJobRunner,
    private readonly db: TenantDb,
    private readonly deliver: DeliverWebhooks,
    private readonly config: WebhooksConfig,
  ) {}

  /** A tick: one job per tenant, its id from tenant and tick, so a repeated fan-out adds nothing. */
  async fanOut(job: Job<RelayWebhooksJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    const tick = Math.floor(job.timestamp / this.config.relayEveryMs);
    // Each mode has its own outbox and endpoints (its own database).
    const { tenants } = await fanOutPerTenantDatabase(this.directory, this.queue, WEBHOOK_JOB_KIND, (tenant) => ({
      name: JOBS.relayWebhooksTenant,
      data: { ...tenant, correlationId } satisfies RelayWebhooksTenantJob,
      // A missed tick is made up by the next one: no retries, no history worth keeping.
      opts: { jobId: jobId('webhook-relay', tenantJobKey(tenant), tick), attempts: 1, removeOnComplete: { age: 600, count: 1_000 } },
    }));
    return { tenants };
  }

  /** Fans the tenant's new events out to its endpoints, then sends what is due; owners of endpoints it disabled are e-mailed. */
  runTenant(job: Job<RelayWebhooksTenantJob>, token?: string): Promise<object | SkippedTenantJob> {
    const { tenantId, mode, correlationId } = job.data;
    return this.tenantJobs.run(job, token, WEBHOOK_JOB_KIND, async () => {
      const relayed = await relayEvents(await this.db.connection());
      const delivered = await this.deliver.execute();
      for (const endpoint of delivered.disabledEndpoints) {
        await this.notifications.add(JOBS.webhookEndpointDisabled, { tenantId, mode, correlationId, endpointId: endpoint.id, url: endpoint.url } satisfies WebhookEndpointDisabledJob, {
          jobId: jobId('webhook-endpoint-disabled', tenantJobKey({ tenantId, mode }), endpoint.id, job.timestamp),
        });
        this.logger.warn({ correlationId, tenantId, endpointId: endpoint.id }, 'Webhook endpoint disabled after 3 days of failed deliveries');
      }
      if (relayed.events > 0 || delivered.attempted > 0) this.logger.log({ correlationId, tenantId, ...relayed, attempted: delivered.attempted, succeeded: delivered.succeeded, failed: delivered.failed }, 'Webhooks relayed');
      return { ...relayed, attempted: delivered.attempted, succeeded: delivered.succeeded, failed: delivered.failed };
    });
  }
}

type WebhooksQueueJob = Job<RelayWebhooksJob, unknown, typeof JOBS.relayWebhooks> | Job<RelayWebhooksTenantJob, unknown, typeof JOBS.relayWebhooksTenant>;

@Processor(QUEUES.webhooks, { concurrency: 4 })
export class OutboundWebhooksProcessor extends WorkerHost {
  constructor(private readonly jobs: OutboundWebhookJobs) {
    super();
  }

  process(job: WebhooksQueueJob, token?: string): Promise<unknown> {
    if (job.name === JOBS.relayWebhooks) return this.jobs.fanOut(job as Job<RelayWebhooksJob>);
    return this.jobs.runTenant(job as Job<RelayWebhooksTenantJob>, token);
  }
}

/** Registers the relay with BullMQ's job scheduler and keeps it registered (idempotent upsert: every replica may do it). */
@Injectable()
export class OutboundWebhooksScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.webhooks) private readonly queue: Queue<RelayWebhooksJob>,
    private readonly config: WebhooksConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: WEBHOOK_RELAY_SCHEDULER_ID, repeat: { every: this.config.relayEveryMs }, job: { name: JOBS.relayWebhooks, data: {} } });
  }
}
