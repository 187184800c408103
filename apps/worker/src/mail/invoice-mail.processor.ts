import { DomainError, ErrorCode } from '@nova/domain';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InvoiceDocumentLoader, markInvoiceSent } from '@nova/billing';
import { InvoicePdfRenderer, formatAmount } from '@nova/documents';
import { Mailer, invoiceEmail } from '@nova/mail';
import { QUEUES, SendInvoiceJob } from '@nova/queue';
import { TenantDb } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

/** E-mails an invoice with its PDF attached, then records when it was sent. */
@Processor(QUEUES.mail, { concurrency: 8 })
export class InvoiceMailProcessor extends WorkerHost {
  private readonly logger = new Logger(InvoiceMailProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly documents: InvoiceDocumentLoader,
    private readonly pdf: InvoicePdfRenderer,
    private readonly mailer: Mailer,
    private readonly db: TenantDb,
  ) {
    super();
  }

  /** A customer e-mail: skipped for a suspended or deleted tenant (an admin can send it again after resume). */
  async process(job: Job<SendInvoiceJob>, token?: string): Promise<{ messageId: string } | SkippedTenantJob> {
    const { tenantId, invoiceId, correlationId } = job.data;
    return this.tenantJobs.run(job, token, 'customer-email', async () => {
      const loaded = await this.documents.load(invoiceId).catch((error: unknown) => {
        // A deleted invoice will not come back: retrying is pointless.
        if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw new UnrecoverableError(error.message);
        throw error;
      });
      const { document } = loaded;
      const email = invoiceEmail({
        tenantName: loaded.tenantName,
        customerName: document.customer.name,
        number: document.number,
        totalFormatted: formatAmount(document.amountDue, document.currency),
        dueDate: document.dueAt,
        currency: document.currency,
      });
      const { messageId } = await this.mailer.send({
        to: job.data.to ?? document.customer.email,
        replyTo: loaded.replyTo ?? undefined,
        ...email,
        attachments: [{ filename: `${document.number}.pdf`, content: await this.pdf.render(document), contentType: 'application/pdf' }],
      });
      await markInvoiceSent(await this.db.connection(), { invoiceId });
      this.logger.log({ correlationId, tenantId, invoiceId, messageId }, 'Invoice e-mailed');
      return { messageId };
    });
  }
}
