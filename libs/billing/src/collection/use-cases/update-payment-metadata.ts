import { updateMergingMetadata } from '@nova/common';
import { DomainError } from '@nova/domain';
import type { TenantDatabase } from '@nova/tenant-db';
import { PaymentRecord, lockPaymentMetadata, savePaymentMetadata } from '../payments.repository';

/** Merges metadata into a payment (keys given are set, a key given "" is removed); money and status are untouched. */
export async function updatePaymentMetadata(db: TenantDatabase, command: { paymentId: string; metadata: Record<string, unknown> }): Promise<PaymentRecord> {
  const payment = await updateMergingMetadata(
    db.pool,
    command.metadata,
    (client) => lockPaymentMetadata(client, command.paymentId),
    (client, metadata) => savePaymentMetadata(client, command.paymentId, metadata!),
  );
  if (!payment) throw DomainError.notFound('Payment', command.paymentId);
  return payment;
}
