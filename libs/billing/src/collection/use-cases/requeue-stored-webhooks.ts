// The sweep's per-tenant step: stored webhooks that need a job again. Those still `received`
// (their job was never queued: Redis was down) get the intake's own deterministic job id, and
// failed ones whose job gave up get one id per try, so sweeping twice queues each once.
import { JobTenant, processWebhookJob, retryWebhookJob } from '@nova/queue';
import type { TenantDatabase } from '@nova/tenant-db';
import { retryableFailedWebhooks, staleReceivedWebhooks } from './process-webhook-event';

export interface RequeueStoredWebhooksCommand {
  /** The tenant and mode whose database `db` is. */
  readonly tenant: JobTenant;
  /** Events `received` for longer than this have lost their job. */
  readonly receivedOlderThanSeconds: number;
  readonly correlationId: string;
}

export async function storedWebhookJobs(db: TenantDatabase, command: RequeueStoredWebhooksCommand): Promise<ReturnType<typeof processWebhookJob>[]> {
  const stale = await staleReceivedWebhooks(db.pool, command.receivedOlderThanSeconds);
  const retries = await retryableFailedWebhooks(db.pool);
  return [
    ...stale.map((eventId) => processWebhookJob(command.tenant, eventId, command.correlationId)),
    ...retries.map(({ id, attempts }) => retryWebhookJob(command.tenant, id, attempts, command.correlationId)),
  ];
}
