import { KEYSET_ORDER, prismaAfterCursor, toPage } from '@nova/common';
import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { Payment, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { ListPaymentsQuery } from './dto/payment.dto';

@Injectable()
export class PaymentsService {
  constructor(private readonly db: TenantDb) {}

  async list(query: ListPaymentsQuery) {
    const prisma = await this.db.client();
    const where: TenantPrisma.PaymentWhereInput = {
      AND: [
        prismaAfterCursor(query.cursor),
        query.status ? { status: query.status } : {},
        query.invoiceId ? { invoiceId: query.invoiceId } : {},
        query.customerId ? { customerId: query.customerId } : {},
        query.method ? { method: query.method } : {},
        query.needsReview ? { reviewReason: query.needsReview === 'true' ? { not: null } : null } : {},
      ],
    };
    return toPage(await prisma.payment.findMany({ where, orderBy: KEYSET_ORDER, take: query.limit + 1 }), query.limit);
  }

  async get(id: string): Promise<Payment> {
    const prisma = await this.db.client();
    const payment = await prisma.payment.findUnique({ where: { id } });
    if (!payment) throw DomainError.notFound('Payment', id);
    return payment;
  }
}
