// LEGACY, kept as it was in the invoices API service: "mark paid by hand" records a payment, so it
// becomes collection's `recordOfflinePayment` use case; the lead switches the controller to it at
// merge and deletes this file. Same behaviour as before, moved unchanged.
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { isPayableInvoiceStatus, DomainError } from '@nova/domain';
import { InvoiceRecord, applyInvoicePaidEffects, getInvoice } from '@nova/billing';
import { TenantDb } from '@nova/tenancy';
import { MarkPaidDto } from './dto/invoice.dto';

@Injectable()
export class MarkPaidLegacy {
  constructor(private readonly db: TenantDb) {}

  /**
   * Records a manual payment of the whole amount due and settles the invoice, atomically, with
   * what any settled payment brings (dunning recovered, a past-due subscription active again).
   */
  async markPaid(id: string, input: MarkPaidDto): Promise<InvoiceRecord> {
    const db = await this.db.connection();
    const paidAt = input.paidAt ? new Date(input.paidAt) : new Date();
    await inTransaction(db.pool, async (client) => {
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
    return getInvoice(db, id);
  }
}
