import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { BillingConfig } from '@nova/config';
import { AdvanceTestClock, BillingRunResult, BillingService, TestClockAdvanceResult } from '@nova/billing';
import { AdvanceTestClockJob, BillingRunAllJob, BillingRunTenantJob, FinalizeDraftsAllJob, FinalizeDraftsTenantJob, JOBS, QUEUES, jobId, tenantJobKey } from '@nova/queue';
import { TenantDirectory } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner, fanOutPerTenantDatabase } from '../tenant-job';

type BillingJob =
  | Job<BillingRunAllJob, unknown, typeof JOBS.billingRunAll>
  | Job<BillingRunTenantJob, unknown, typeof JOBS.billingRunTenant>
  | Job<AdvanceTestClockJob, unknown, typeof JOBS.advanceTestClock>
  | Job<FinalizeDraftsAllJob, unknown, typeof JOBS.finalizeDraftsAll>
  | Job<FinalizeDraftsTenantJob, unknown, typeof JOBS.finalizeDraftsTenant>;

/**
 * The billing cycle: a scheduler tick fans out one job per active tenant and mode (live and test
 * are two databases), so tenants are billed in parallel, retried on their own, and one failing
 * tenant never holds up the others. Job ids are derived from tenant, mode and tick, so a repeated
 * fan-out enqueues nothing new.
 */
@Processor(QUEUES.billing)
export class BillingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(BillingProcessor.name);

  constructor(
    private readonly config: BillingConfig,
    @InjectQueue(QUEUES.billing) private readonly queue: Queue,
    private readonly directory: TenantDirectory,
    private readonly tenantJobs: TenantJobRunner,
    private readonly billing: BillingService,
    private readonly advanceTestClock: AdvanceTestClock,
  ) {
    super();
  }

  /** Concurrency comes from validated configuration, which a decorator argument cannot read. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.tenantConcurrency;
  }

  async process(job: BillingJob, token?: string): Promise<unknown> {
    if (job.name === JOBS.billingRunAll) return this.fanOut(job as Job<BillingRunAllJob>);
    if (job.name === JOBS.advanceTestClock) return this.advanceClock(job as Job<AdvanceTestClockJob>, token);
    if (job.name === JOBS.finalizeDraftsAll) return this.fanOutFinalization(job as Job<FinalizeDraftsAllJob>);
    if (job.name === JOBS.finalizeDraftsTenant) return this.finalizeTenantDrafts(job as Job<FinalizeDraftsTenantJob>, token);
    return this.runTenant(job as Job<BillingRunTenantJob>, token);
  }

  private async fanOut(job: Job<BillingRunAllJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    // The tick's own time, to the minute: a retried fan-out produces the same ids.
    const asOf = new Date(Math.floor(job.timestamp / 60_000) * 60_000).toISOString();
    const { tenants, databases } = await fanOutPerTenantDatabase(this.directory, this.queue, 'billing', (tenant) => ({
      name: JOBS.billingRunTenant,
      data: { ...tenant, correlationId, asOf } satisfies BillingRunTenantJob,
      opts: { jobId: jobId('billing', tenantJobKey(tenant), asOf) },
    }));
    this.logger.log({ correlationId, tenants, databases, asOf }, 'Billing cycle fanned out');
    return { tenants };
  }

  /** A test clock's advance (test mode): its customers billed at each boundary crossed, as of the clock's time. */
  private advanceClock(job: Job<AdvanceTestClockJob>, token?: string): Promise<TestClockAdvanceResult | SkippedTenantJob> {
    const { tenantId, mode, correlationId, testClockId, frozenTime } = job.data;
    return this.tenantJobs.run(job, token, 'test-clock', async () => {
      const result = await this.advanceTestClock.execute({ testClockId, correlationId });
      this.logger.log({ correlationId, tenantId, mode, testClockId, frozenTime, ...result }, 'Test clock advanced');
      return result;
    });
  }

  /**
   * Draft finalization's tick: one job per tenant database, its id from tenant, mode and tick (to
   * the second), so a repeated fan-out adds nothing; a tenant's job finding nothing due is cheap
   * (one indexed query).
   */
  private async fanOutFinalization(job: Job<FinalizeDraftsAllJob>): Promise<{ tenants: number }> {
    const correlationId = job.data.correlationId ?? randomUUID();
    const tick = new Date(Math.floor(job.timestamp / 1000) * 1000).toISOString();
    const { tenants } = await fanOutPerTenantDatabase(this.directory, this.queue, 'billing', (tenant) => ({
      name: JOBS.finalizeDraftsTenant,
      data: { ...tenant, correlationId } satisfies FinalizeDraftsTenantJob,
      opts: { jobId: jobId('finalize-drafts', tenantJobKey(tenant), tick) },
    }));
    return { tenants };
  }

  /** Drafts of a suspended tenant wait (billing's rule); idempotent: a finalized draft is no longer due. */
  private finalizeTenantDrafts(job: Job<FinalizeDraftsTenantJob>, token?: string): Promise<{ draftsFinalized: number; chargesQueued: number } | SkippedTenantJob> {
    const { tenantId, mode, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'billing', async () => {
      const result = await this.billing.finalizeDueDraftsAndCollect(new Date(), correlationId);
      if (result.draftsFinalized > 0) this.logger.log({ correlationId, tenantId, mode, ...result }, 'Drafts finalized');
      return result;
    });
  }

  /** A suspended tenant is skipped; the first run after resume bills every period that ended meanwhile. */
  private runTenant(job: Job<BillingRunTenantJob>, token?: string): Promise<BillingRunResult | SkippedTenantJob> {
    const { tenantId, mode, correlationId, asOf } = job.data;
    return this.tenantJobs.run(job, token, 'billing', async () => {
      const result = await this.billing.runCycleAndCollect(new Date(asOf), correlationId);
      this.logger.log({ correlationId, tenantId, mode, ...result }, 'Tenant billed');
      return result;
    });
  }
}
