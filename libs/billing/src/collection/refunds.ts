import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { TenantDb } from '@nova/tenancy';
import { providerFailureToDomainError } from './provider-errors';
import { ProviderAccounts } from './provider-accounts';
import { applyRefund } from './settlement';

export interface RefundRow {
  id: string;
  payment_id: string;
  amount: string;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  provider_reference: string | null;
  reason: string | null;
  failure_message: string | null;
  created_at: Date;
  settled_at: Date | null;
}

interface RefundablePayment {
  id: string;
  invoice_id: string | null;
  status: string;
  amount: string;
  amount_refunded: string;
  amount_applied: string;
  currency: string;
  provider_account_id: string | null;
  provider_reference: string | null;
  provider_transaction_id: string | null;
  method: string;
  reserved: string;
}

/** M-Pesa refunds are transaction reversals, which always return the whole payment. */
const WHOLE_PAYMENT_REFUNDS_ONLY = new Set(['mpesa']);

const REFUND_COLUMNS = 'id, payment_id, amount::text AS amount, currency, status, provider_reference, reason, failure_message, created_at, settled_at';

/**
 * Refunds through the provider that took the payment. The refund row is reserved first, under
 * the payment's lock, counting pending refunds too: concurrent requests can never refund more
 * than was paid. Its id is the provider's idempotency key.
 */
@Injectable()
export class Refunds {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  async refund(paymentId: string, input: { amountMinor?: bigint; reason?: string }): Promise<RefundRow> {
    const { pool } = await this.db.connection();
    const { payment, refund } = await inTransaction(pool, async (client) => {
      const { rows } = await client.query<RefundablePayment>(
        `SELECT p.id, p.invoice_id, p.status, p.amount::text AS amount, p.amount_refunded::text AS amount_refunded, p.currency, p.provider_account_id,
                p.provider_reference, p.provider_transaction_id, p.method,
                (SELECT COALESCE(SUM(r.amount), 0) FROM refunds r WHERE r.payment_id = p.id AND r.status IN ('pending', 'succeeded'))::text AS reserved
           FROM payments p WHERE p.id = $1 FOR UPDATE`,
        [paymentId],
      );
      const payment = rows[0];
      if (!payment) throw DomainError.notFound('Payment', paymentId);
      if (payment.status !== 'succeeded' && payment.status !== 'partially_refunded') throw DomainError.invalidState(`Payment ${paymentId} is ${payment.status}; only settled payments can be refunded`);
      if (!payment.provider_account_id || !payment.provider_reference) throw DomainError.invalidState(`Payment ${paymentId} was recorded by hand; refund it outside NovaBilling`);
      const refundable = BigInt(payment.amount) - BigInt(payment.reserved);
      const amount = input.amountMinor ?? refundable;
      if (refundable <= 0n) throw DomainError.invalidState(`Payment ${paymentId} is already fully refunded`);
      if (amount <= 0n || amount > refundable) throw DomainError.validation('amount', `must be between 1 and ${refundable}, what is left to refund`);
      if (WHOLE_PAYMENT_REFUNDS_ONLY.has(payment.method) && amount !== BigInt(payment.amount)) {
        throw DomainError.validation('amount', `${payment.method} reverses whole payments only: omit amount or send ${payment.amount}`);
      }
      const inserted = await client.query<RefundRow>(
        `INSERT INTO refunds (id, payment_id, amount, currency, status, reason, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, 'pending', $4, now()) RETURNING ${REFUND_COLUMNS}`,
        [paymentId, amount, payment.currency, input.reason ?? null],
      );
      return { payment, refund: inserted.rows[0]! };
    });

    const { adapter } = await this.accounts.get(payment.provider_account_id!);
    let result;
    try {
      result = await adapter.refund({
        // M-Pesa reverses by receipt number; everyone else by the payment's reference.
        reference: payment.method === 'mpesa' && payment.provider_transaction_id ? payment.provider_transaction_id : payment.provider_reference!,
        amountMinor: BigInt(refund.amount),
        currency: payment.currency,
        reason: input.reason,
        idempotencyKey: refund.id,
      });
    } catch (error) {
      const failure = providerFailureToDomainError(error);
      await pool.query(`UPDATE refunds SET status = 'failed', failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [refund.id, (failure as Error).message?.slice(0, 500) ?? 'failed']);
      throw failure;
    }

    return inTransaction(pool, async (client) => {
      const locked = await client.query<RefundablePayment>('SELECT id, invoice_id, amount::text AS amount, amount_refunded::text AS amount_refunded, amount_applied::text AS amount_applied FROM payments WHERE id = $1 FOR UPDATE', [paymentId]);
      const current = await client.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE id = $1 FOR UPDATE`, [refund.id]);
      // A webhook may have settled it meanwhile: then there is nothing left to do.
      if (current.rows[0]?.status !== 'pending') return current.rows[0]!;
      const status = result.status === 'succeeded' ? 'succeeded' : result.status === 'failed' ? 'failed' : 'pending';
      if (status === 'succeeded') await applyRefund(client, locked.rows[0]!, BigInt(refund.amount));
      const updated = await client.query<RefundRow>(
        `UPDATE refunds SET provider_reference = $2, status = $3::"RefundStatus", settled_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END, updated_at = now()
          WHERE id = $1 RETURNING ${REFUND_COLUMNS}`,
        [refund.id, result.refundReference, status],
      );
      return updated.rows[0]!;
    });
  }

  async listFor(paymentId: string): Promise<RefundRow[]> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM refunds WHERE payment_id = $1 ORDER BY created_at, id`, [paymentId]);
    return rows;
  }
}
