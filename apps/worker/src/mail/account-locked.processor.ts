import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { CentralDb } from '@nova/central-db';
import { Mailer, accountLockedEmail } from '@nova/mail';
import { AccountLockedJob, QUEUES } from '@nova/queue';

/** E-mails an admin that repeated wrong passwords locked their sign-in (the API queues it when a lockout starts). */
@Processor(QUEUES.accountSecurity, { concurrency: 4 })
export class AccountLockedProcessor extends WorkerHost {
  private readonly logger = new Logger(AccountLockedProcessor.name);

  constructor(
    private readonly central: CentralDb,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  async process(job: Job<AccountLockedJob>): Promise<{ messageId: string }> {
    const { userId, correlationId } = job.data;
    const user = await this.central.prisma.adminUser.findUnique({ where: { id: userId }, select: { email: true, name: true, tenant: { select: { name: true } } } });
    if (!user) throw new UnrecoverableError(`Admin user ${userId} no longer exists`);
    const email = accountLockedEmail({ userName: user.name, tenantName: user.tenant.name, lockedForSeconds: job.data.lockedForSeconds, ip: job.data.ip, at: new Date(job.data.at) });
    const { messageId } = await this.mailer.send({ to: user.email, ...email });
    this.logger.log({ correlationId, userId, messageId }, 'Account lockout notice e-mailed');
    return { messageId };
  }
}
