// M-Pesa reconciliation. Daraja never retries a callback, and a callback may never come (the
// phone went offline, our endpoint was down): an STK payment still pending some minutes after
// it started is asked about with the STK query, on every run, until Daraja calls it final.
// A success settles exactly as a confirmed callback would (same settlement, same rules, the
// amount being the one we pushed, which the payer cannot change); a failure fails the payment.

import { Injectable, Logger } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { TenantDb } from '@nova/tenancy';
import { ProviderAccounts } from './provider-accounts';
import { type SettlementOutcome, applySettlementEvent } from './settlement';

export interface StkReconciliationResult {
  readonly checked: number;
  readonly settled: number;
  readonly failed: number;
  /** Still pending at Daraja, or Daraja could not be asked: queried again next run. */
  readonly pending: number;
  readonly errors: number;
  /** Invoices whose checkout failed (for the dunning e-mail). */
  readonly failedInvoiceIds: readonly string[];
}

interface PendingStkPayment {
  id: string;
  invoice_id: string | null;
  provider_account_id: string;
  provider_reference: string;
  amount: string;
  currency: string;
}

@Injectable()
export class StkReconciliation {
  private readonly logger = new Logger(StkReconciliation.name);

  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  /** The current tenant's STK payments pending for longer than `olderThanSeconds`, oldest first. */
  async reconcile(olderThanSeconds: number, limit = 200): Promise<StkReconciliationResult> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<PendingStkPayment>(
      `SELECT id, invoice_id, provider_account_id, provider_reference, amount::text AS amount, currency FROM payments
        WHERE method = 'mpesa' AND status = 'pending' AND provider_account_id IS NOT NULL AND provider_reference IS NOT NULL
          AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    const counts = { settled: 0, failed: 0, pending: 0, errors: 0 };
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
        counts.errors += 1;
        this.logger.warn({ paymentId: payment.id, err: error }, 'STK query failed; the payment is queried again next run');
      }
    }
    return { checked: rows.length, ...counts, failedInvoiceIds };
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
