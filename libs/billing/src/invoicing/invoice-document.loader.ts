import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { CentralDb } from '@nova/central-db';
import type { InvoiceDocument } from '@nova/documents';
import { Customer, Invoice, InvoiceLine } from '@nova/tenant-db';
import { TenantContext, TenantDb } from '@nova/tenancy';

export type InvoiceWithParts = Invoice & { lines: InvoiceLine[]; customer: Customer };

function formatAddress(address: unknown): string | null {
  if (!address || typeof address !== 'object') return null;
  return Object.values(address as Record<string, unknown>).filter((part) => typeof part === 'string' && part.trim()).join(', ') || null;
}

/** Everything needed to render or e-mail one invoice of the current tenant. */
@Injectable()
export class InvoiceDocumentLoader {
  constructor(
    private readonly db: TenantDb,
    private readonly central: CentralDb,
    private readonly context: TenantContext,
  ) {}

  async load(invoiceId: string): Promise<{ invoice: InvoiceWithParts; document: InvoiceDocument; tenantName: string; replyTo: string | null }> {
    const prisma = await this.db.client();
    const [invoice, tenant] = await Promise.all([
      prisma.invoice.findUnique({ where: { id: invoiceId }, include: { lines: { orderBy: { position: 'asc' } }, customer: true } }),
      this.central.prisma.tenant.findUniqueOrThrow({ where: { id: this.context.tenantId }, select: { name: true, billingEmail: true } }),
    ]);
    if (!invoice) throw DomainError.notFound('Invoice', invoiceId);
    const document: InvoiceDocument = {
      tenant: { name: tenant.name, email: tenant.billingEmail },
      customer: { name: invoice.customer.name, email: invoice.customer.email, address: formatAddress(invoice.customer.address) },
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      issuedAt: invoice.issuedAt,
      dueAt: invoice.dueAt,
      periodStart: invoice.periodStart,
      periodEnd: invoice.periodEnd,
      lines: invoice.lines.map((line) => ({ description: line.description, quantity: line.quantity, unitAmount: line.unitAmount, amount: line.amount, periodStart: line.periodStart, periodEnd: line.periodEnd })),
      subtotal: invoice.subtotal,
      tax: invoice.tax,
      total: invoice.total,
      amountPaid: invoice.amountPaid,
      amountRefunded: invoice.amountRefunded,
      amountDue: invoice.amountDue,
      memo: invoice.memo,
    };
    return { invoice, document, tenantName: tenant.name, replyTo: tenant.billingEmail };
  }
}
