// An off-session charge of the customer's default saved method for what an invoice still owes
// (automatic collection; dunning retries it). One reference per attempt: a replay of the same
// attempt is idempotent at the provider and finds the same payment row.
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import { CredentialsCipher } from '@nova/payments';
import { TenantDb } from '@nova/tenancy';
import { defaultMethodOf } from '../payment-methods.repository';
import { insertPendingPayment, recordProviderReference } from '../payments.repository';
import { ProviderAccounts } from '../provider-accounts';
import { applySettlementEvent } from '../settlement';
import { failPendingPayment, payableInvoice } from './collect-invoice';

export interface ChargeSavedMethodCommand {
  readonly invoiceId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** When a charge that succeeds at once is settled: now (default), or a test clock's frozen time. */
  readonly at?: Date;
}

export type ChargeOutcome =
  | { readonly status: 'succeeded' | 'pending'; readonly paymentId: string }
  | { readonly status: 'failed'; readonly paymentId: string; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

@Injectable()
export class ChargeSavedMethod {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
  ) {}

  async execute(command: ChargeSavedMethodCommand): Promise<ChargeOutcome> {
    const { pool } = await this.db.connection();
    const invoice = await payableInvoice(pool, command.invoiceId).catch((error: unknown) => {
      if (error instanceof DomainError) return null;
      throw error;
    });
    if (!invoice) return { status: 'skipped', reason: 'invoice is not open' };
    const method = await defaultMethodOf(pool, invoice.customer_id);
    if (!method) return { status: 'skipped', reason: 'customer has no saved payment method' };
    const resolved = await this.accounts.get(method.account_id);
    const token = this.cipher.decrypt(method.encrypted_token, this.accounts.cipherContext(method.account_id));
    const amount = BigInt(invoice.amount_due);
    const reference = `chg_${invoice.id.replace(/-/g, '')}_${command.attempt}`;
    const paymentId = await insertPendingPayment(pool, {
      invoiceId: invoice.id,
      customerId: invoice.customer_id,
      amount,
      currency: invoice.currency,
      provider: resolved.account.provider,
      accountId: resolved.account.id,
      providerReference: reference,
    });
    const result = await resolved.adapter
      .chargeSaved({
        reference,
        amountMinor: amount,
        currency: invoice.currency,
        customer: { email: invoice.customer_email, name: invoice.customer_name, phone: invoice.customer_phone ?? undefined },
        savedMethod: { token, customerId: method.provider_customer_id ?? undefined },
        description: `Invoice ${invoice.number}`,
        invoiceReference: invoice.id,
      })
      .catch((error: unknown) => ({ status: 'failed' as const, providerReference: reference, failureMessage: error instanceof Error ? error.message : String(error) }));
    await recordProviderReference(pool, paymentId, result.providerReference, null);
    if (result.status === 'failed') {
      const reason = result.failureMessage ?? 'declined';
      await inTransaction(pool, (client) => failPendingPayment(client, paymentId, reason));
      return { status: 'failed', paymentId, reason };
    }
    if (result.status === 'succeeded') {
      // Settled now, exactly as the provider's webhook would (which then finds nothing to do).
      await inTransaction(pool, (client) =>
        applySettlementEvent(client, {
          id: paymentId,
          account_id: resolved.account.id,
          provider: resolved.account.provider,
          type: 'payment.succeeded',
          provider_reference: result.providerReference,
          refund_reference: null,
          provider_transaction_id: null,
          invoice_reference: invoice.id,
          amount: amount.toString(),
          currency: invoice.currency,
          occurred_at: command.at ?? new Date(),
          saved_method: null, // charged with a method already saved
        }),
      );
    }
    return { status: result.status, paymentId };
  }
}
