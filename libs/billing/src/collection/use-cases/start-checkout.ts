// A hosted checkout (or M-Pesa prompt) the customer completes for an invoice. The payment row
// exists before the provider is called, so a webhook can always find what it settles.
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { DomainError } from '@nova/domain';
import { TenantDb } from '@nova/tenancy';
import { ProviderAccounts, type ResolvedAccount } from '../provider-accounts';
import { callProvider } from '../provider-errors';
import { insertPendingPayment, recordProviderReference } from '../payments.repository';
import { failPendingPayment, payableInvoice } from './collect-invoice';

export interface StartCheckoutCommand {
  readonly invoiceId: string;
  /** Collect with this account instead of the currency's default. */
  readonly accountId?: string;
  /** Less than the amount due: a partial payment. */
  readonly amountMinor?: bigint;
  readonly returnUrl?: string;
  readonly cancelUrl?: string;
  /** Overrides the customer's phone (M-Pesa prompts this phone). */
  readonly phone?: string;
}

export interface StartedPayment {
  paymentId: string;
  status: 'pending' | 'succeeded' | 'failed';
  provider: string;
  providerReference: string;
  redirectUrl: string | null;
  amount: bigint;
  currency: string;
}

@Injectable()
export class StartCheckout {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
  ) {}

  async execute(command: StartCheckoutCommand): Promise<StartedPayment> {
    const { pool } = await this.db.connection();
    const invoice = await payableInvoice(pool, command.invoiceId);
    const amount = command.amountMinor ?? BigInt(invoice.amount_due);
    if (amount <= 0n || amount > BigInt(invoice.amount_due)) throw DomainError.validation('amount', `must be between 1 and the ${invoice.amount_due} due`);
    const resolved = command.accountId ? await this.activeAccount(command.accountId) : await this.accounts.defaultFor(invoice.currency);
    const paymentId = await insertPendingPayment(pool, {
      invoiceId: invoice.id,
      customerId: invoice.customer_id,
      amount,
      currency: invoice.currency,
      provider: resolved.account.provider,
      accountId: resolved.account.id,
      providerReference: null,
    });
    const reference = `pay_${paymentId.replace(/-/g, '')}`;
    try {
      const started = await callProvider(() =>
        resolved.adapter.initiatePayment({
          reference,
          amountMinor: amount,
          currency: invoice.currency,
          customer: { email: invoice.customer_email, name: invoice.customer_name, phone: command.phone ?? invoice.customer_phone ?? undefined },
          description: `Invoice ${invoice.number}`,
          invoiceReference: invoice.id,
          returnUrl: command.returnUrl,
          cancelUrl: command.cancelUrl,
        }),
      );
      const redirectUrl = started.status === 'redirect' ? started.redirectUrl : null;
      await recordProviderReference(pool, paymentId, started.providerReference, redirectUrl);
      return { paymentId, status: started.status === 'succeeded' ? 'succeeded' : 'pending', provider: resolved.account.provider, providerReference: started.providerReference, redirectUrl, amount, currency: invoice.currency };
    } catch (error) {
      await inTransaction(pool, (client) => failPendingPayment(client, paymentId, error instanceof Error ? error.message : String(error)));
      throw error;
    }
  }

  private async activeAccount(accountId: string): Promise<ResolvedAccount> {
    const resolved = await this.accounts.get(accountId);
    if (!resolved.account.active) throw DomainError.validation('accountId', 'names a deactivated payment provider account');
    return resolved;
  }
}
