import { DomainError, ErrorCode } from '@nova/domain';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { InvoiceDocumentLoader, RenderCreditNotePdf, RenderReceiptPdf, claimPaymentReminder, markInvoiceSent } from '@nova/billing';
import { InvoicePdfRenderer, formatAmount } from '@nova/documents';
import { RenderedEmail, creditNoteEmail, invoiceEmail, paymentReminderEmail, receiptEmail } from '@nova/mail';
import { JOBS, QUEUES, SendCreditNoteJob, SendInvoiceJob, SendPaymentReminderJob, SendReceiptJob } from '@nova/queue';
import { CustomerMailer, TenantDb } from '@nova/tenancy';
import { SkippedTenantJob, TenantJobRunner } from '../tenant-job';

type MailJob =
  | Job<SendInvoiceJob, unknown, typeof JOBS.sendInvoice>
  | Job<SendPaymentReminderJob, unknown, typeof JOBS.sendPaymentReminder>
  | Job<SendCreditNoteJob, unknown, typeof JOBS.sendCreditNote>
  | Job<SendReceiptJob, unknown, typeof JOBS.sendReceipt>;
type LoadedInvoice = Awaited<ReturnType<InvoiceDocumentLoader['load']>>;

/** E-mails to customers about an invoice, the PDF attached: the invoice itself, payment reminders, credit notes and receipts. */
@Processor(QUEUES.mail, { concurrency: 8 })
export class InvoiceMailProcessor extends WorkerHost {
  private readonly logger = new Logger(InvoiceMailProcessor.name);

  constructor(
    private readonly tenantJobs: TenantJobRunner,
    private readonly documents: InvoiceDocumentLoader,
    private readonly pdf: InvoicePdfRenderer,
    private readonly mailer: CustomerMailer,
    private readonly db: TenantDb,
    private readonly creditNotes: RenderCreditNotePdf,
    private readonly receipts: RenderReceiptPdf,
  ) {
    super();
  }

  /** A customer e-mail: skipped for a suspended or deleted tenant (an admin can send it again after resume). */
  async process(job: MailJob, token?: string): Promise<{ messageId: string } | SkippedTenantJob> {
    return this.tenantJobs.run(job, token, 'customer-email', () => {
      switch (job.name) {
        case JOBS.sendPaymentReminder:
          return this.sendReminder(job as Job<SendPaymentReminderJob>);
        case JOBS.sendCreditNote:
          return this.sendCreditNote(job as Job<SendCreditNoteJob>);
        case JOBS.sendReceipt:
          return this.sendReceipt(job as Job<SendReceiptJob>);
        default:
          return this.sendInvoice(job as Job<SendInvoiceJob>);
      }
    });
  }

  private async sendCreditNote(job: Job<SendCreditNoteJob>): Promise<{ messageId: string }> {
    const { tenantId, creditNoteId, correlationId } = job.data;
    const rendered = await this.creditNotes.execute({ creditNoteId }).catch(notFoundIsFinal);
    const { note } = rendered;
    const email = creditNoteEmail({
      tenantName: rendered.tenant.name,
      customerName: rendered.customer.name,
      number: note.number,
      invoiceNumber: rendered.invoiceNumber,
      amountFormatted: formatAmount(note.amount, note.currency),
      issuedAt: note.createdAt,
      timeZone: rendered.tenant.timeZone,
      offInvoiceFormatted: note.prePaymentAmount > 0n ? formatAmount(note.prePaymentAmount, note.currency) : null,
      toBalanceFormatted: note.creditAmount > 0n ? formatAmount(note.creditAmount, note.currency) : null,
    });
    const { messageId } = await this.mailer.send({
      to: job.data.to ?? rendered.customer.email,
      replyTo: rendered.tenant.billingEmail ?? undefined,
      ...email,
      attachments: [{ filename: `${note.number}.pdf`, content: rendered.pdf, contentType: 'application/pdf' }],
    });
    this.logger.log({ correlationId, tenantId, creditNoteId, messageId }, 'Credit note e-mailed');
    return { messageId };
  }

  private async sendReceipt(job: Job<SendReceiptJob>): Promise<{ messageId: string }> {
    const { tenantId, paymentId, correlationId } = job.data;
    const rendered = await this.receipts.execute({ paymentId }).catch(notFoundIsFinal);
    const { payment, allocations, overpayment } = rendered.receipt;
    const email = receiptEmail({
      tenantName: rendered.tenant.name,
      customerName: rendered.customer.name,
      number: rendered.number,
      amountFormatted: formatAmount(payment.amount, payment.currency),
      receivedAt: payment.paidAt ?? payment.createdAt,
      invoiceNumbers: allocations.map((allocation) => allocation.invoiceNumber),
      creditFormatted: overpayment > 0n ? formatAmount(overpayment, payment.currency) : null,
    });
    const { messageId } = await this.mailer.send({
      to: job.data.to ?? rendered.customer.email,
      replyTo: rendered.tenant.billingEmail ?? undefined,
      ...email,
      attachments: [{ filename: `${rendered.number}.pdf`, content: rendered.pdf, contentType: 'application/pdf' }],
    });
    this.logger.log({ correlationId, tenantId, paymentId, messageId }, 'Receipt e-mailed');
    return { messageId };
  }

  private async sendInvoice(job: Job<SendInvoiceJob>): Promise<{ messageId: string }> {
    const { tenantId, invoiceId, correlationId } = job.data;
    const loaded = await this.load(invoiceId);
    const { document } = loaded;
    const email = invoiceEmail({
      tenantName: loaded.tenantName,
      customerName: document.customer.name,
      number: document.number,
      totalFormatted: formatAmount(document.amountDue, document.currency),
      dueDate: document.dueAt,
      currency: document.currency,
      timeZone: document.timeZone,
    });
    const messageId = await this.mailWithPdf(loaded, email, job.data.to);
    await markInvoiceSent(await this.db.connection(), { invoiceId });
    this.logger.log({ correlationId, tenantId, invoiceId, messageId }, 'Invoice e-mailed');
    return { messageId };
  }

  /** Sent once per (invoice, schedule day), and not at all once the invoice is paid or void. */
  private async sendReminder(job: Job<SendPaymentReminderJob>): Promise<{ messageId: string } | SkippedTenantJob> {
    const { tenantId, invoiceId, daysFromDue, correlationId } = job.data;
    const claim = await claimPaymentReminder(await this.db.connection(), invoiceId, daysFromDue);
    if (!claim.claimed) return { skipped: claim.reason };
    try {
      const loaded = await this.load(invoiceId);
      const { document } = loaded;
      const email = paymentReminderEmail({
        tenantName: loaded.tenantName,
        customerName: document.customer.name,
        number: document.number,
        amountDueFormatted: formatAmount(document.amountDue, document.currency),
        dueDate: document.dueAt,
        timeZone: document.timeZone,
        daysFromDue,
      });
      const messageId = await this.mailWithPdf(loaded, email);
      this.logger.log({ correlationId, tenantId, invoiceId, daysFromDue, messageId }, 'Payment reminder e-mailed');
      return { messageId };
    } catch (error) {
      await claim.release();
      throw error;
    }
  }

  private load(invoiceId: string): Promise<LoadedInvoice> {
    return this.documents.load(invoiceId).catch(notFoundIsFinal);
  }

  private async mailWithPdf(loaded: LoadedInvoice, email: RenderedEmail, to?: string): Promise<string> {
    const { document } = loaded;
    const { messageId } = await this.mailer.send({
      to: to ?? document.customer.email,
      replyTo: loaded.replyTo ?? undefined,
      ...email,
      attachments: [{ filename: `${document.number}.pdf`, content: await this.pdf.render(document), contentType: 'application/pdf' }],
    });
    return messageId;
  }
}

/** A deleted document will not come back: retrying is pointless. */
function notFoundIsFinal(error: unknown): never {
  if (error instanceof DomainError && error.code === ErrorCode.NotFound) throw new UnrecoverableError(error.message);
  throw error;
}
