// An invoice is e-mailed by the worker (InvoiceMailProcessor); the API only queues the job.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { JOBS, JobTenant, QUEUES, SendInvoiceJob, jobId, tenantJobKey } from '@nova/queue';
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
   * A void invoice is not sent (invalid_state). The same invoice to another address is another
   * e-mail, a double click is not (customerMailJobId).
   */
  async execute(command: SendInvoiceCommand): Promise<{ jobId: string }> {
    const { pool } = await this.tenantDb.connection();
    const invoice = await findInvoice(pool, command.invoiceId);
    if (!invoice) throw DomainError.notFound('Invoice', command.invoiceId);
    if (invoice.status === 'void') throw DomainError.invalidState(`Invoice ${command.invoiceId} is void`);
    if (invoice.status === 'draft') throw DomainError.invalidState(`Invoice ${command.invoiceId} is a draft: finalize it first`);
    const tenant = this.context.jobTenant;
    const job = await this.mailQueue.add(
      JOBS.sendInvoice,
      { ...tenant, correlationId: this.context.correlationId ?? randomUUID(), invoiceId: invoice.id, to: command.to },
      { jobId: customerMailJobId('send-invoice', tenant, invoice.id, command.to) },
    );
    return { jobId: job.id! };
  }
}

/**
 * The job id of a document e-mailed to a customer: one per document, recipient and minute, so a
 * double click sends once. The override address (the customer's own when none) goes in as a short,
 * case-insensitive digest: job ids carry no e-mail addresses.
 */
export function customerMailJobId(kind: string, tenant: JobTenant, documentId: string, to: string | undefined, at = Date.now()): string {
  const recipient = to ? createHash('sha256').update(to.trim().toLowerCase()).digest('hex').slice(0, 16) : 'customer';
  return jobId(kind, tenantJobKey(tenant), documentId, recipient, Math.floor(at / 60_000));
}
