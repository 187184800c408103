// What the payments API reads: keyset pages of payments, one payment with its refunds.
import type { Page, PageRequest } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { type PaymentFilter, type PaymentRecord, type RefundRow, findPayment, listPayments as listPaymentRows, refundsOfPayment } from '../payments.repository';

export type { PaymentFilter, PaymentRecord };

export function listPayments(db: TenantDatabase, query: PaymentFilter & PageRequest): Promise<Page<PaymentRecord>> {
  return listPaymentRows(db.pool, query, query);
}

export async function getPaymentWithRefunds(db: TenantDatabase, paymentId: string): Promise<{ payment: PaymentRecord; refunds: RefundRow[] }> {
  const [payment, refunds] = await Promise.all([findPayment(db.pool, paymentId), refundsOfPayment(db.pool, paymentId)]);
  if (!payment) throw DomainError.notFound('Payment', paymentId);
  return { payment, refunds };
}
