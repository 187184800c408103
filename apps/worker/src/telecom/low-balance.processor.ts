import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { CentralDb } from '@nova/central-db';
import { DomainError, ErrorCode } from '@nova/domain';
import { LowBalanceNoticeJob, QUEUES } from '@nova/queue';
import { CustomerMailer, TenantDb } from '@nova/tenancy';
import { sendLowBalanceNotice } from '@nova/telecom';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

/** E-mails the customer (and the tenant's billing address, in copy) that a prepaid balance is low. */
@Processor(QUEUES.notifications, { concurrency: 4 })
export class LowBalanceProcessor extends WorkerHost {
  private readonly logger = new Logger(LowBalanceProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly mailer: CustomerMailer,
  ) {
    super();
  }

  /** A customer e-mail: skipped for a suspended or deleted tenant; an account deleted since is not retried. */
  async process(job: Job<LowBalanceNoticeJob>, token?: string): Promise<{ messageId: string } | SkippedTenantJob> {
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
