import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainError, ErrorCode } from '@nova/domain';
import { AccountLockedJob, QUEUES } from '@nova/queue';
import { NotifyAccountLocked } from '@nova/tenancy';

/** The lockout notice job → the NotifyAccountLocked use case (a user deleted meanwhile is not retried). */
@Processor(QUEUES.accountSecurity, { concurrency: 4 })
export class AccountLockedProcessor extends WorkerHost {
  private readonly logger = new Logger(AccountLockedProcessor.name);

  constructor(private readonly notifyAccountLocked: NotifyAccountLocked) {
    super();
  }

  async process(job: Job<AccountLockedJob>): Promise<{ messageId: string }> {
    const { userId, correlationId, lockedForSeconds, ip, at } = job.data;
    try {
      const { messageId } = await this.notifyAccountLocked.execute({ userId, lockedForSeconds, ip, at: new Date(at) });
      this.logger.log({ correlationId, userId, messageId }, 'Account lockout notice e-mailed');
      return { messageId };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
