import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHash, randomUUID } from 'node:crypto';
import { inTransaction, KEYSET_ORDER, prismaAfterCursor, toPage } from '@nova/common';
import { isPayableInvoiceStatus, DomainError } from '@nova/domain';
import { InvoicePdfRenderer } from '@nova/documents';
import { InvoiceDocumentLoader, applyInvoicePaidEffects } from '@nova/billing';
import { JOBS, QUEUES, SendInvoiceJob, jobId } from '@nova/queue';
import { Invoice, InvoiceLine, TenantPrisma } from '@nova/tenant-db';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { ListInvoicesQuery, MarkPaidDto } from './dto/invoice.dto';

@Injectable()
export class InvoicesService {
  constructor(
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly documents: InvoiceDocumentLoader,
    private readonly pdf: InvoicePdfRenderer,
    @InjectQueue(QUEUES.mail) private readonly mailQueue: Queue<SendInvoiceJob>,
  ) {}

  async list(query: ListInvoicesQuery) {
    const prisma = await this.db.client();
    const where: TenantPrisma.InvoiceWhereInput = {
      AND: [
        prismaAfterCursor(query.cursor),
        query.status ? { status: query.status } : {},
        query.customerId ? { customerId: query.customerId } : {},
        query.subscriptionId ? { subscriptionId: query.subscriptionId } : {},
      ],
    };
    // Invoices page by issue time; the keyset helper's createdAt equals issuedAt for invoices.
    return toPage(await prisma.invoice.findMany({ where, orderBy: KEYSET_ORDER, take: query.limit + 1 }), query.limit);
  }

  async get(id: string): Promise<Invoice & { lines: InvoiceLine[] }> {
    const prisma = await this.db.client();
    const invoice = await prisma.invoice.findUnique({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
    if (!invoice) throw DomainError.notFound('Invoice', id);
    return invoice;
  }

  /**
   * Records a manual payment of the whole amount due and settles the invoice, atomically, with
   * what any settled payment brings (dunning recovered, a past-due subscription active again).
   */
  async markPaid(id: string, input: MarkPaidDto): Promise<Invoice> {
    const { pool, prisma } = await this.db.connection();
    const paidAt = input.paidAt ? new Date(input.paidAt) : new Date();
    await inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ status: string; amount_due: string; customer_id: string; currency: string; subscription_id: string | null }>(
        'SELECT status, amount_due::text AS amount_due, customer_id, currency, subscription_id FROM invoices WHERE id = $1 FOR UPDATE',
        [id],
      );
      const locked = rows[0];
      if (!locked) throw DomainError.notFound('Invoice', id);
      if (!isPayableInvoiceStatus(locked.status)) throw DomainError.invalidState(`Invoice ${id} is ${locked.status} and cannot be marked paid`);
      await client.query(
        `INSERT INTO payments (id, invoice_id, customer_id, amount, amount_applied, currency, status, method, reference, note, paid_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, 'succeeded', 'manual', $5, $6, $7, now())`,
        [id, locked.customer_id, locked.amount_due, locked.currency, input.reference ?? null, input.note ?? null, paidAt],
      );
      await client.query(
        `UPDATE invoices SET status = 'paid', amount_paid = amount_paid + $2, amount_due = 0, paid_at = $3, updated_at = now() WHERE id = $1`,
        [id, locked.amount_due, paidAt],
      );
      await applyInvoicePaidEffects(client, { id, subscriptionId: locked.subscription_id });
    });
    return prisma.invoice.findUniqueOrThrow({ where: { id } });
  }

  async void(id: string): Promise<Invoice> {
    const prisma = await this.db.client();
    const { count } = await prisma.invoice.updateMany({ where: { id, status: { in: ['open', 'draft', 'uncollectible'] }, amountPaid: 0n }, data: { status: 'void', voidedAt: new Date(), amountDue: 0n } });
    const invoice = await this.get(id);
    if (count === 0) throw DomainError.invalidState(`Invoice ${id} is ${invoice.status}${invoice.amountPaid > 0n ? ' and has payments' : ''}; it cannot be voided`);
    return invoice;
  }

  async pdfOf(id: string): Promise<{ number: string; pdf: Buffer }> {
    const { document } = await this.documents.load(id);
    return { number: document.number, pdf: await this.pdf.render(document) };
  }

  /**
   * E-mailing happens in the worker; the job id makes a double click send once a minute per
   * recipient: the same invoice to another address is another e-mail, not a duplicate.
   */
  async send(id: string, to?: string): Promise<{ jobId: string }> {
    const invoice = await this.get(id);
    if (invoice.status === 'void') throw DomainError.invalidState(`Invoice ${id} is void`);
    const job = await this.mailQueue.add(
      JOBS.sendInvoice,
      { tenantId: this.context.tenantId, correlationId: this.context.correlationId ?? randomUUID(), invoiceId: id, to },
      { jobId: jobId('send-invoice', this.context.tenantId, id, recipientKey(to), Math.floor(Date.now() / 60_000)) },
    );
    return { jobId: job.id! };
  }
}

/** A short, case-insensitive digest of the override address (the customer's own when none): job ids carry no e-mail addresses. */
function recipientKey(to: string | undefined): string {
  return to ? createHash('sha256').update(to.trim().toLowerCase()).digest('hex').slice(0, 16) : 'customer';
}
