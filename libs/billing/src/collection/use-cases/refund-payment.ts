// Refunds through the provider that took the payment. The refund row is reserved first, under
// the payment's lock, counting pending refunds too: concurrent requests can never refund more
// than was paid. The overpayment credit it gives back leaves the balance with the reservation
// (back again if the refund fails), so it cannot pay an invoice while the provider works. Its id is the provider's idempotency key. A refund the provider settles at once
// is applied here; otherwise its webhook settles it (settlement.ts).
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { DomainError, canTransitionPayment, refundableAmount } from '@nova/domain';
import { ProviderError, providerRefundIsIdempotent } from '@nova/payments';
import { TenantDb } from '@nova/tenancy';
import { ProviderAccounts } from '../provider-accounts';
import { providerFailureToDomainError } from '../provider-errors';
import type { Pool } from 'pg';
import { type RefundRow, type RefundablePayment, failPendingRefund, insertPendingRefund, lockPaymentById, lockRefund, lockRefundablePayment, paymentStateOf, saveRefundOutcome } from '../payments.repository';
import { applyRefund, refundSettled, reserveRefundedCredit } from '../settlement';

export type { RefundRow };

export interface RefundPaymentCommand {
  readonly paymentId: string;
  /** Omitted: everything not refunded (or being refunded) yet. */
  readonly amountMinor?: bigint;
  readonly reason?: string;
}

/** M-Pesa refunds are transaction reversals, which always return the whole payment. */
const WHOLE_PAYMENT_REFUNDS_ONLY = new Set(['mpesa']);

/** Whether payments of `method` are refunded only as a whole (so a partial refund is refused before the provider is asked). */
export function refundsWholePaymentsOnly(method: string): boolean {
  return WHOLE_PAYMENT_REFUNDS_ONLY.has(method);
}

@Injectable()
export class RefundPayment {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  async execute(command: RefundPaymentCommand): Promise<RefundRow> {
    const { pool } = await this.db.connection();
    const { paymentId } = command;
    const { payment, refund } = await inTransaction(pool, async (client) => {
      const payment = await lockRefundablePayment(client, paymentId);
      if (!payment) throw DomainError.notFound('Payment', paymentId);
      if (!canTransitionPayment(paymentStateOf(payment), 'refund_settled')) throw DomainError.invalidState(`Payment ${paymentId} is ${payment.status}; only settled payments can be refunded`);
      if (!payment.provider_account_id || !payment.provider_reference) throw DomainError.invalidState(`Payment ${paymentId} was recorded by hand; refund it outside NovaBilling`);
      // What the payment state machine still allows (paid less settled refunds), less refunds pending at the provider.
      const refundable = refundableAmount(paymentStateOf(payment)) - BigInt(payment.pending_refunds);
      const amount = command.amountMinor ?? refundable;
      if (refundable <= 0n) throw DomainError.invalidState(`Payment ${paymentId} is already fully refunded`);
      if (amount <= 0n || amount > refundable) throw DomainError.validation('amount', `must be between 1 and ${refundable}, what is left to refund`);
      if (refundsWholePaymentsOnly(payment.method) && amount !== BigInt(payment.amount)) {
        throw DomainError.validation('amount', `${payment.method} reverses whole payments only: omit amount or send ${payment.amount}`);
      }
      const reservation = await reserveRefundedCredit(client, payment, amount, BigInt(payment.pending_refunds));
      const refund = await insertPendingRefund(client, { paymentId, amount, currency: payment.currency, reason: command.reason ?? null, ...reservation });
      return { payment, refund };
    });

    return this.submit(pool, payment, refund, command.reason);
  }

  /**
   * Asks the provider for a refund reserved earlier (a credit note's, reserved in its issuing
   * transaction): the refund's id is the provider's idempotency key, so asking again after a crash
   * refunds once. A refund no longer pending is returned as it is.
   */
  async submitReserved(paymentId: string, refundId: string, reason?: string): Promise<RefundRow> {
    const { pool } = await this.db.connection();
    const { payment, refund } = await inTransaction(pool, async (client) => {
      // The payment's lock before the refund's, as everywhere.
      const payment = await lockRefundablePayment(client, paymentId);
      const refund = await lockRefund(client, refundId);
      if (!payment || refund?.payment_id !== paymentId) throw DomainError.notFound('Refund', refundId);
      return { refund, payment };
    });
    // Accepted by the provider already (it gave us its refund id): its webhook settles it. Asking
    // again would refund twice where the provider keys nothing on our idempotency key (Flutterwave v3, M-Pesa).
    if (refund.status !== 'pending' || refund.provider_reference !== null) return refund;
    return this.submit(pool, payment, refund, reason, { retriedLater: true });
  }

  /**
   * `retriedLater`: the caller's job and the sweep ask again while the refund is pending (a credit
   * note's). Then a request the provider left unanswered (no answer, or a 5xx) keeps the refund
   * pending where asking again cannot refund twice, rather than failing a refund that may have
   * gone through. Otherwise any failure fails the refund and releases what it reserved.
   */
  private async submit(pool: Pool, payment: RefundablePayment, refund: RefundRow, reason: string | undefined, options: { retriedLater?: boolean } = {}): Promise<RefundRow> {
    const paymentId = payment.id;
    const { adapter } = await this.accounts.get(payment.provider_account_id!);
    let result;
    try {
      result = await adapter.refund({
        // M-Pesa reverses by receipt number; everyone else by the payment's reference.
        reference: payment.method === 'mpesa' && payment.provider_transaction_id ? payment.provider_transaction_id : payment.provider_reference!,
        amountMinor: BigInt(refund.amount),
        currency: payment.currency,
        reason,
        idempotencyKey: refund.id,
      });
    } catch (error) {
      const failure = providerFailureToDomainError(error);
      const unanswered = error instanceof ProviderError && (error.status === 0 || error.status >= 500);
      if (options.retriedLater && unanswered && providerRefundIsIdempotent(payment.method)) throw failure;
      await inTransaction(pool, async (client) => {
        await lockPaymentById(client, paymentId);
        const failed = await failPendingRefund(client, refund.id, (failure as Error).message ?? 'failed');
        if (failed) await refundSettled(client, failed, payment.customer_id);
      });
      throw failure;
    }

    return inTransaction(pool, async (client) => {
      const locked = await lockPaymentById(client, paymentId);
      const current = await lockRefund(client, refund.id);
      // A webhook may have settled it meanwhile: then there is nothing left to do.
      if (current?.status !== 'pending') return current!;
      const status = result.status === 'succeeded' ? 'succeeded' : result.status === 'failed' ? 'failed' : 'pending';
      if (status === 'succeeded') await applyRefund(client, locked!, current);
      const saved = await saveRefundOutcome(client, refund.id, { status, providerReference: result.refundReference, settledAt: status === 'pending' ? null : new Date() });
      await refundSettled(client, saved, payment.customer_id);
      return saved;
    });
  }
}
