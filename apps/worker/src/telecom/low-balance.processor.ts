import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { CentralDb } from '@nova/central-db';
import { DomainError, ErrorCode } from '@nova/domain';
import { NotifyEndpointDisabled } from '@nova/events';
import { JOBS, LowBalanceNoticeJob, QUEUES, WebhookEndpointDisabledJob } from '@nova/queue';
import { CustomerMailer, TenantDb } from '@nova/tenancy';
import { sendLowBalanceNotice } from '@nova/telecom';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

/**
 * The notifications queue: e-mails the customer (and the tenant's billing address, in copy) that a
 * prepaid balance is low, and the tenant's owners that a failing webhook endpoint was disabled.
 */
@Processor(QUEUES.notifications, { concurrency: 4 })
export class LowBalanceProcessor extends WorkerHost {
  private readonly logger = new Logger(LowBalanceProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly mailer: CustomerMailer,
    private readonly notifyEndpointDisabled: NotifyEndpointDisabled,
  ) {
    super();
  }

  /** A customer e-mail: skipped for a suspended or deleted tenant; an account deleted since is not retried. */
  async process(job: Job<LowBalanceNoticeJob> | Job<WebhookEndpointDisabledJob>, token?: string): Promise<object | SkippedTenantJob> {
    if (job.name === JOBS.webhookEndpointDisabled) return this.endpointDisabled(job as Job<WebhookEndpointDisabledJob>);
    return this.lowBalance(job as Job<LowBalanceNoticeJob>, token);
  }

  /** To the tenant's owners, not its customers: sent whatever the tenant's status (a deleted tenant has no owners). */
  private async endpointDisabled(job: Job<WebhookEndpointDisabledJob>): Promise<{ messageIds: string[] }> {
    const { tenantId, endpointId, url, correlationId } = job.data;
    const result = await this.notifyEndpointDisabled.execute({ tenantId, url });
    this.logger.log({ correlationId, tenantId, endpointId, owners: result.messageIds.length }, 'Webhook endpoint disabled notice e-mailed');
    return result;
  }

  private async lowBalance(job: Job<LowBalanceNoticeJob>, token?: string): Promise<{ messageId: string } | SkippedTenantJob> {
    const { tenantId, accountId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'customer-email', async () => {
      const { messageId } = await sendLowBalanceNotice(await this.db.connection(), { tenantId, accountId }, { central: this.central, mailer: this.mailer }).catch((error: unknown) => {
        throw error instanceof DomainError && error.code === ErrorCode.NotFound ? new UnrecoverableError(error.message) : error;
      });
      this.logger.log({ correlationId, tenantId, accountId, messageId }, 'Low-balance notice e-mailed');
      return { messageId };
    });
  }
}
