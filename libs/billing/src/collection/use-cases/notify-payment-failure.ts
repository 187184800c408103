// The customer hears that a payment of their invoice failed: a declined automatic charge (with
// the next attempt, or what happened after the last one), or a checkout that failed (they can
// simply pay again; nothing is retried for them).
import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { formatAmount } from '@nova/documents';
import { paymentFailedEmail } from '@nova/mail';
import { CustomerMailer, TenantContext, TenantDb, TenantDirectory } from '@nova/tenancy';
import { invoiceToCollect } from '../invoice-to-collect';

export interface NotifyPaymentFailureCommand {
  readonly invoiceId: string;
  /** Dunning: when the charge is tried again. */
  readonly nextAttemptAt?: Date;
  /** Dunning: what followed the last declined attempt. Neither given: a failed checkout. */
  readonly finalOutcome?: string;
}

@Injectable()
export class NotifyPaymentFailure {
  constructor(
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly directory: TenantDirectory,
    private readonly mailer: CustomerMailer,
  ) {}

  async execute(command: NotifyPaymentFailureCommand): Promise<void> {
    const { pool } = await this.db.connection();
    const invoice = await invoiceToCollect(pool, command.invoiceId);
    // Retrying cannot bring an invoice back: the job ends here.
    if (!invoice) throw new UnrecoverableError(`Invoice ${command.invoiceId} no longer exists`);
    const dunning = command.nextAttemptAt !== undefined || command.finalOutcome !== undefined;
    const tenant = await this.directory.find(this.context.tenantId);
    const email = paymentFailedEmail({
      tenantName: tenant?.name ?? 'Billing',
      customerName: invoice.customer_name,
      number: invoice.number,
      amountFormatted: formatAmount(BigInt(invoice.amount_due), invoice.currency),
      nextAttemptAt: dunning ? command.nextAttemptAt : undefined,
      finalOutcome: dunning ? command.finalOutcome : 'you can pay it again at any time',
    });
    await this.mailer.send({ to: invoice.customer_email, ...email });
  }
}
