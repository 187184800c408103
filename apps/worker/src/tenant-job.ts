import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, type JobsOptions, type Queue } from 'bullmq';
import { type JobTenant, TenantJob } from '@nova/queue';
import { AuditTrail, TenantContext, TenantDirectory, TenantJobKind, TenantRecord, decideTenantJob, systemActor, tenantRefIn } from '@nova/tenancy';

export interface SkippedTenantJob {
  skipped: string;
}

/**
 * A scheduler tick's fan-out: one job per database (live and test) of every tenant this kind of
 * job runs for, added in one call. `jobFor` names each job and gives its data and options (a job
 * id from the tenant's key and the tick, so a repeated fan-out adds nothing).
 */
export async function fanOutPerTenantDatabase(
  directory: TenantDirectory,
  queue: Queue,
  kind: TenantJobKind,
  jobFor: (tenant: JobTenant) => { name: string; data: JobTenant; opts: JobsOptions },
): Promise<{ tenants: number; databases: number }> {
  const databases = await directory.tenantModesFor(kind);
  await queue.addBulk(databases.map(({ ref }) => jobFor({ tenantId: ref.id, mode: ref.mode })));
  return { tenants: new Set(databases.map(({ ref }) => ref.id)).size, databases: databases.length };
}

/**
 * The one way a per-tenant job runs: look the tenant up, apply the suspended/deleted-tenant rule
 * (decideTenantJob, libs/tenancy), then run the work in the tenant's context, in the job's mode
 * (live or test database), with the job's correlation id, acting as `system:<job name>` for the audit log. Errors propagate: BullMQ
 * retries, and JobWorkers logs each failed attempt.
 *
 * - skip: the job completes with `{ skipped: reason }` (never retried);
 * - defer: the job goes back to the delayed set for the rule's delay without using an attempt
 *   (dunning keeps its attempt count), and asks again then.
 */
@Injectable()
export class TenantJobRunner {
  private readonly logger = new Logger('TenantJobs');

  constructor(
    private readonly directory: TenantDirectory,
    private readonly context: TenantContext,
    private readonly audit: AuditTrail,
  ) {}

  async run<T>(job: Job<TenantJob>, token: string | undefined, kind: TenantJobKind, work: (tenant: TenantRecord) => Promise<T>): Promise<T | SkippedTenantJob> {
    const { tenantId, correlationId } = job.data;
    // Jobs queued before test mode existed carry no mode: they were all live.
    const mode = job.data.mode ?? 'live';
    const tenant = await this.directory.find(tenantId);
    const decision = decideTenantJob(tenant?.status, kind);
    const fields = { job: job.name, jobId: job.id, tenantId, mode, correlationId, kind };
    if (decision.action === 'skip') {
      this.logger.log({ ...fields, reason: decision.reason }, 'Tenant job skipped');
      return { skipped: decision.reason };
    }
    if (decision.action === 'defer') {
      this.logger.log({ ...fields, reason: decision.reason, delayMs: decision.delayMs }, 'Tenant job deferred');
      await job.moveToDelayed(Date.now() + decision.delayMs, token);
      throw new DelayedError(decision.reason);
    }
    return this.context.run(
      tenantRefIn(tenant!, mode),
      () => {
        // What the job changes is recorded as `system:<job name>`, tied to the request that queued it.
        this.audit.actAs(systemActor(job.name), { requestId: correlationId });
        return work(tenant!);
      },
      correlationId,
    );
  }
}
