import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainError, ErrorCode } from '@nova/domain';
import { AccountLockedJob, AccountMailJob, JOBS, QUEUES } from '@nova/queue';
import { NotifyAccountLocked, SendAccountMail } from '@nova/tenancy';

type AccountSecurityJob = Job<AccountLockedJob, unknown, typeof JOBS.accountLocked> | Job<AccountMailJob, unknown, typeof JOBS.accountMail>;

/**
 * The account-security queue (one processor per queue, so it dispatches on the job name): the
 * lockout notice → NotifyAccountLocked (a user deleted meanwhile is not retried), account e-mails
 * → SendAccountMail. Logs say what was sent, never a token.
 */
@Processor(QUEUES.accountSecurity, { concurrency: 4 })
export class AccountSecurityProcessor extends WorkerHost {
  private readonly logger = new Logger(AccountSecurityProcessor.name);

  constructor(
    private readonly notifyAccountLocked: NotifyAccountLocked,
    private readonly sendAccountMail: SendAccountMail,
  ) {
    super();
  }

  async process(job: AccountSecurityJob): Promise<unknown> {
    if (job.name === JOBS.accountMail) return this.accountMail(job.data as AccountMailJob);
    return this.lockoutNotice(job.data as AccountLockedJob);
  }

  private async accountMail(job: AccountMailJob): Promise<unknown> {
    const { correlationId, ...request } = job;
    const outcome = await this.sendAccountMail.execute(request);
    if (outcome.sent) this.logger.log({ correlationId, kind: request.kind, messageId: outcome.messageId }, 'Account e-mail sent');
    else this.logger.log({ correlationId, kind: request.kind, reason: outcome.reason }, 'Account e-mail not sent');
    return outcome;
  }

  private async lockoutNotice(job: AccountLockedJob): Promise<{ messageId: string }> {
    const { userId, correlationId, lockedForSeconds, ip, at } = job;
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
