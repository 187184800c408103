// A credit note is e-mailed by the worker with its PDF (InvoiceMailProcessor); the API only queues the job.
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { JOBS, QUEUES, SendCreditNoteJob } from '@nova/queue';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { getCreditNote } from './credit-notes';
import { customerMailJobId } from './send-invoice';

export interface SendCreditNoteCommand {
  readonly creditNoteId: string;
  /** Another address than the customer's. */
  readonly to?: string;
}

@Injectable()
export class SendCreditNote {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context: TenantContext,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue<SendCreditNoteJob>,
  ) {}

  /** A void credit note is not sent (invalid_state); an unknown one is not_found. */
  async execute(command: SendCreditNoteCommand): Promise<{ jobId: string }> {
    const note = await getCreditNote(await this.tenantDb.connection(), command.creditNoteId);
    if (note.status === 'void') throw DomainError.invalidState(`Credit note ${note.number} is void`);
    const tenant = this.context.jobTenant;
    const job = await this.mailQueue.add(
      JOBS.sendCreditNote,
      { ...tenant, correlationId: this.context.correlationId ?? randomUUID(), creditNoteId: note.id, to: command.to },
      { jobId: customerMailJobId('send-credit-note', tenant, note.id, command.to) },
    );
    return { jobId: job.id! };
  }
}
