import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { CentralDb } from '@nova/central-db';
import { formatAmount } from '@nova/documents';
import { currencyExponent } from '@nova/domain';
import { Mailer, lowBalanceEmail } from '@nova/mail';
import { LowBalanceNoticeJob, QUEUES } from '@nova/queue';
import { TenantDb } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

/** E-mails the customer (and the tenant's billing address, in copy) that a prepaid balance is low. */
@Processor(QUEUES.notifications, { concurrency: 4 })
export class LowBalanceProcessor extends WorkerHost {
  private readonly logger = new Logger(LowBalanceProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly mailer: Mailer,
  ) {
    super();
  }

  /** A customer e-mail: skipped for a suspended or deleted tenant. */
  async process(job: Job<LowBalanceNoticeJob>, token?: string): Promise<{ messageId: string } | SkippedTenantJob> {
    const { tenantId, accountId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'customer-email', async () => {
      const { pool } = await this.db.connection();
      const { rows } = await pool.query<{ name: string; email: string; currency: string; balance_nanos: string; low_balance_threshold_nanos: string; numbers: string[] }>(
        `SELECT c.name, c.email, a.currency, a.balance_nanos, a.low_balance_threshold_nanos,
                coalesce((SELECT array_agg(d.number ORDER BY d.number) FROM dids d WHERE d.account_id = a.id), '{}') AS numbers
           FROM telecom_accounts a JOIN customers c ON c.id = a.customer_id WHERE a.id = $1`,
        [accountId],
      );
      const account = rows[0];
      if (!account) throw new UnrecoverableError(`Account ${accountId} no longer exists`);
      const settings = await this.central.prisma.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, billingEmail: true } });
      // Shown in minor units, rounded down: the customer never sees more credit than there is.
      const perMinor = 10n ** BigInt(9 - currencyExponent(account.currency));
      const toMinor = (nanos: string) => BigInt(nanos) / perMinor;
      const email = lowBalanceEmail({
        tenantName: settings.name,
        customerName: account.name,
        balanceFormatted: formatAmount(toMinor(account.balance_nanos), account.currency),
        thresholdFormatted: formatAmount(toMinor(account.low_balance_threshold_nanos), account.currency),
        numbers: account.numbers.map((number) => `+${number}`),
      });
      const to = settings.billingEmail ? [account.email, settings.billingEmail] : account.email;
      const { messageId } = await this.mailer.send({ to, replyTo: settings.billingEmail ?? undefined, ...email });
      this.logger.log({ correlationId, tenantId, accountId, messageId }, 'Low-balance notice e-mailed');
      return { messageId };
    });
  }
}
