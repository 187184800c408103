import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { pendingCreditNoteRefundJobs, storedWebhookJobs } from '@nova/billing';
import { mapWithConcurrency } from '@nova/common';
import { PaymentsConfig } from '@nova/config';
import { JOBS, JobSchedules, QUEUES, SweepWebhooksJob } from '@nova/queue';
import { AuditTrail, TenantContext, TenantDb, TenantDirectory, systemActor } from '@nova/tenancy';

export const WEBHOOK_SWEEP_SCHEDULER_ID = 'webhook-sweep';
/** Tenants swept at once: each holds one tenant connection for one indexed query. */
const TENANT_CONCURRENCY = 4;

/**
 * A webhook stored while Redis was down has no job: the provider was answered 200 and will not
 * redeliver. The sweep finds such events in every tenant whose settlement runs (active and
 * suspended: money already received is settled, decideTenantJob) and queues them again under the
 * same deterministic job ids the intake uses, so sweeping twice, or next to a redelivery, queues
 * each event once. It also gives failed events whose job gave up another try, on a growing
 * schedule (retryableFailedWebhooks), each try under its own deterministic id. Credit notes whose
 * refund is still pending are queued again the same way (one try per note and minute), so a
 * refund whose job was lost with the process that issued the note is still sent.
 */
@Injectable()
export class WebhookSweep {
  private readonly logger = new Logger(WebhookSweep.name);

  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue,
    private readonly directory: TenantDirectory,
    private readonly context: TenantContext,
    private readonly db: TenantDb,
    private readonly config: PaymentsConfig,
    private readonly audit: AuditTrail,
  ) {}

  async sweep(job: SweepWebhooksJob = {}): Promise<{ tenants: number; requeued: number }> {
    const correlationId = job.correlationId ?? randomUUID();
    const databases = await this.directory.tenantModesFor('settlement');
    const counts = await mapWithConcurrency(databases, TENANT_CONCURRENCY, ({ ref }) =>
      this.context.run(
        ref,
        async () => {
          // Reads today; any write it ever makes is the sweep's (audit log).
          this.audit.actAs(systemActor(JOBS.sweepWebhooks), { requestId: correlationId });
          const db = await this.db.connection();
          const jobs = [
            ...(await storedWebhookJobs(db, { tenant: this.context.jobTenant, receivedOlderThanSeconds: this.config.webhookSweepAfterSeconds, correlationId })),
            // Credit note refunds still pending (never queued, or the provider has not answered yet): the same lag.
            ...(await pendingCreditNoteRefundJobs(db, { tenant: this.context.jobTenant, olderThanSeconds: this.config.webhookSweepAfterSeconds, correlationId })),
          ];
          if (jobs.length > 0) await this.queue.addBulk(jobs);
          return jobs.length;
        },
        correlationId,
      ).catch((error: unknown) => {
        // One unreachable tenant database must not stop the sweep of the others.
        this.logger.error({ correlationId, tenantId: ref.id, mode: ref.mode, err: error }, 'Webhook sweep failed for a tenant');
        return 0;
      }),
    );
    const requeued = counts.reduce((sum, count) => sum + count, 0);
    if (requeued > 0) this.logger.warn({ correlationId, requeued }, 'Re-enqueued stored webhooks that had no job or whose job gave up');
    return { tenants: new Set(databases.map(({ ref }) => ref.id)).size, requeued };
  }
}

/** Registers the sweep with BullMQ's job scheduler and keeps it registered (idempotent upsert: every replica may do it). */
@Injectable()
export class WebhookSweepScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QUEUES.payments) private readonly queue: Queue<SweepWebhooksJob>,
    private readonly config: PaymentsConfig,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ queue: this.queue, id: WEBHOOK_SWEEP_SCHEDULER_ID, repeat: { every: this.config.webhookSweepEveryMs }, job: { name: JOBS.sweepWebhooks, data: {} } });
  }
}
