// An invoice is e-mailed by the worker (InvoiceMailProcessor); the API only queues the job.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { JOBS, QUEUES, SendInvoiceJob, jobId } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { findInvoice } from '../invoices.repository';

export interface SendInvoiceCommand {
  readonly invoiceId: string;
  /** Another address than the customer's. */
  readonly to?: string;
}

@Injectable()
export class SendInvoice {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue<SendInvoiceJob>,
  ) {}

  /**
   * A void invoice is not sent (invalid_state). The job id makes a double click send once a
   * minute per recipient: the same invoice to another address is another e-mail, not a duplicate.
   */
  async execute(command: SendInvoiceCommand): Promise<{ jobId: string }> {
    const { pool } = await this.tenantDb.connection();
    const invoice = await findInvoice(pool, command.invoiceId);
    if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
    if (invoice.status === 'void') throw DomainError.invalidState(`Invoice ${command.invoiceId} is void`);
    const { tenantId } = this.context;
    const job = await this.mailQueue.add(
      JOBS.sendInvoice,
      { tenantId, correlationId: this.context.correlationId ?? randomUUID(), invoiceId: invoice.id, to: command.to },
      { jobId: jobId('send-invoice', tenantId, invoice.id, recipientKey(command.to), Math.floor(Date.now() / 60_000)) },
    );
    return { jobId: job.id! };
  }
}

/** A short, case-insensitive digest of the override address (the customer's own when none): job ids carry no e-mail addresses. */
function recipientKey(to: string | undefined): string {
  return to ? createHash('sha256').update(to.trim().toLowerCase()).digest('hex').slice(0, 16) : 'customer';
}
