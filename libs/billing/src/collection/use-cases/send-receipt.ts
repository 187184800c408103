// A receipt is e-mailed by the worker with its PDF (InvoiceMailProcessor), like invoices and
// credit notes: to the customer or `to` (test mode: to the tenant, CustomerMailer); the API only
// queues the job, once per receipt, recipient and minute.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JOBS, QUEUES, type SendReceiptJob } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { customerMailJobId } from '../../invoicing';
import { getReceipt } from './get-receipt';

export interface SendReceiptCommand {
  readonly paymentId: string;
  /** Another address than the customer's. */
  readonly to?: string;
}

@Injectable()
export class SendReceipt {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue<SendReceiptJob>,
  ) {}

  /** not_found for an unknown payment or one that is not a receipt (a provider payment has none). */
  async execute(command: SendReceiptCommand): Promise<{ jobId: string }> {
    const { payment } = await getReceipt(await this.tenantDb.connection(), command.paymentId);
    const tenant = this.context.jobTenant;
    const job = await this.mailQueue.add(
      JOBS.sendReceipt,
      { ...tenant, correlationId: this.context.correlationId ?? randomUUID(), paymentId: payment.id, to: command.to },
      { jobId: customerMailJobId('send-receipt', tenant, payment.id, command.to) },
    );
    return { jobId: job.id! };
  }
}
