import { Injectable } from '@nestjs/common';
import { AppError } from '@nova/common';
import { Payment, TenantPrisma } from '@nova/tenant-db';
import { TenantDb } from '@nova/tenancy';
import { KEYSET_ORDER, afterCursor, toPage } from '../common/pagination';
import { ListPaymentsQuery } from './dto/payment.dto';

@Injectable()
export class PaymentsService {
  constructor(private readonly db: TenantDb) {}

  async list(query: ListPaymentsQuery) {
    const prisma = await this.db.client();
    const where: TenantPrisma.PaymentWhereInput = {
      AND: [
        afterCursor(query.cursor),
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
    if (!payment) throw AppError.notFound('Payment', id);
    return payment;
  }
}
