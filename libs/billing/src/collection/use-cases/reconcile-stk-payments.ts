// M-Pesa reconciliation. Daraja never retries a callback, and a callback may never come (the
// phone went offline, our endpoint was down): an STK payment still pending some minutes after
// it started is asked about with the STK query, on every run, until Daraja calls it final.
// A success settles exactly as a confirmed callback would (same settlement, same rules, the
// amount being the one we pushed, which the payer cannot change); a failure fails the payment.
// A query that keeps erroring (Daraja busy for a day, a CheckoutRequestID it does not know, an
// account since removed) is not asked forever: once the payment is older than the give-up age,
// the next error fails it as unconfirmed, for review (review_reason; the invoice is untouched),
// and it is never queried again. Daraja answers that are final settle or fail as above whatever
// the age; "still being processed" keeps it pending.

import { Injectable, Logger } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { ProviderError } from '@nova/payments';
import { TenantContext, TenantDb } from '@nova/tenancy';
import { type PendingStkPayment, pendingStkPayments } from '../payments.repository';
import { ProviderAccounts } from '../provider-accounts';
import { type SettlementOutcome, applySettlementEvent, failUnconfirmedPayment } from '../settlement';

export interface StkReconciliationPolicy {
  /** Payments pending for longer than this are queried at Daraja. */
  readonly queryAfterSeconds: number;
  /** Payments pending for longer than this whose query errors are failed for review, not queried again. */
  readonly giveUpAfterHours: number;
}

export interface StkReconciliationResult {
  readonly checked: number;
  readonly settled: number;
  readonly failed: number;
  /** Still pending at Daraja, or Daraja could not be asked: queried again next run. */
  readonly pending: number;
  readonly errors: number;
  /** Past the give-up age and the query erred again: failed as unconfirmed, for review; never queried again. */
  readonly gaveUp: number;
  /** Invoices whose checkout failed (for the dunning e-mail); not those given up on (the payer may have paid). */
  readonly failedInvoiceIds: readonly string[];
}

@Injectable()
export class StkReconciliation {
  private readonly logger = new Logger(StkReconciliation.name);

  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly context: TenantContext,
  ) {}

  /** The current tenant's STK payments pending for longer than `policy.queryAfterSeconds`, oldest first. */
  async execute(policy: StkReconciliationPolicy, limit = 200): Promise<StkReconciliationResult> {
    const { pool } = await this.db.connection();
    const rows = await pendingStkPayments(pool, policy, limit);
    const counts = { settled: 0, failed: 0, pending: 0, errors: 0, gaveUp: 0 };
    const failedInvoiceIds: string[] = [];
    // One at a time: Daraja rate-limits STK queries per app, and each is one small request.
    for (const payment of rows) {
      try {
        const outcome = await this.reconcileOne(payment);
        if (outcome?.effect === 'payment_settled') counts.settled += 1;
        else if (outcome?.effect === 'payment_failed') {
          counts.failed += 1;
          if (outcome.invoiceId) failedInvoiceIds.push(outcome.invoiceId);
        } else counts.pending += 1;
      } catch (error) {
        if (payment.past_give_up && (await this.giveUp(payment, policy, error))) {
          counts.gaveUp += 1;
          continue;
        }
        counts.errors += 1;
        this.logger.warn({ paymentId: payment.id, err: error }, 'STK query failed; the payment is queried again next run');
      }
    }
    return { checked: rows.length, ...counts, failedInvoiceIds };
  }

  /**
   * Fails a payment whose query erred past the give-up age, for review. True when this call made
   * the change (and logged it, once: the payment is no longer pending, so no run selects it again);
   * false when it could not be recorded (queried again next run) or the payment moved meanwhile.
   */
  private async giveUp(payment: PendingStkPayment, policy: StkReconciliationPolicy, error: unknown): Promise<boolean> {
    const reason =
      `M-Pesa STK query still failing after ${payment.pending_hours} h pending (give-up age ${policy.giveUpAfterHours} h; last error: ${errorSummary(error)}); ` +
      'not confirmed and no longer queried: check the CheckoutRequestID at Daraja before treating the invoice as unpaid';
    try {
      const { pool } = await this.db.connection();
      const outcome = await inTransaction(pool, (client) => failUnconfirmedPayment(client, payment.provider_account_id, payment.provider_reference, reason));
      if (outcome.effect !== 'payment_failed') return false;
    } catch (recordError) {
      this.logger.warn({ paymentId: payment.id, err: recordError }, 'Could not mark an unconfirmed STK payment for review; it is queried again next run');
      return false;
    }
    this.logger.warn(
      { tenantId: this.context.tenantId, paymentId: payment.id, invoiceId: payment.invoice_id, pendingHours: payment.pending_hours, lastError: errorSummary(error) },
      'M-Pesa STK payment never confirmed: marked failed for review (GET /api/payments?needsReview=true) and no longer queried; its invoice is unchanged',
    );
    return true;
  }

  private async reconcileOne(payment: PendingStkPayment): Promise<SettlementOutcome | undefined> {
    const { adapter } = await this.accounts.get(payment.provider_account_id);
    const verified = await adapter.verifyTransaction(payment.provider_reference);
    if (verified.status === 'pending') return undefined;
    const { pool } = await this.db.connection();
    return inTransaction(pool, (client) =>
      applySettlementEvent(client, {
        id: payment.id,
        account_id: payment.provider_account_id,
        provider: adapter.name,
        type: verified.status === 'succeeded' ? 'payment.succeeded' : 'payment.failed',
        provider_reference: payment.provider_reference,
        refund_reference: null,
        // The STK query names no receipt; a late callback fills it in (refunds need it).
        provider_transaction_id: null,
        invoice_reference: payment.invoice_id,
        amount: (verified.amountMinor ?? BigInt(payment.amount)).toString(),
        currency: verified.currency,
        occurred_at: verified.paidAt ?? new Date(),
        saved_method: null,
      }),
    );
  }
}

/** What went wrong, without anything a request carried: Daraja's own error text and code, or just the error's kind. */
function errorSummary(error: unknown): string {
  if (error instanceof ProviderError) return error.message;
  return error instanceof Error ? error.name : 'unknown error';
}
