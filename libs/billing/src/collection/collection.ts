import { Injectable } from '@nestjs/common';
import { inTransaction } from '@nova/common';
import { isPayableInvoice, DomainError } from '@nova/domain';
import { CredentialsCipher } from '@nova/payments';
import { TenantDb } from '@nova/tenancy';
import { callProvider } from './provider-errors';
import { ProviderAccounts, type ResolvedAccount } from './provider-accounts';
import { applySettlementEvent } from './settlement';

interface PayableInvoice {
  id: string;
  number: string;
  status: string;
  currency: string;
  amount_due: string;
  customer_id: string;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
}

export interface CheckoutOptions {
  /** Collect with this account instead of the currency's default. */
  accountId?: string;
  /** Less than the amount due: a partial payment. */
  amountMinor?: bigint;
  returnUrl?: string;
  cancelUrl?: string;
  /** Overrides the customer's phone (M-Pesa prompts this phone). */
  phone?: string;
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

export type ChargeOutcome =
  | { readonly status: 'succeeded' | 'pending'; readonly paymentId: string }
  | { readonly status: 'failed'; readonly paymentId: string; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * Collecting invoices through the tenant's providers: a hosted checkout (or M-Pesa prompt) the
 * customer completes, or an off-session charge of a saved method. A payment row exists before
 * the provider is called, so a webhook can always find what it settles.
 */
@Injectable()
export class PaymentCollection {
  constructor(
    private readonly db: TenantDb,
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
  ) {}

  async startCheckout(invoiceId: string, options: CheckoutOptions): Promise<StartedPayment> {
    const invoice = await this.payableInvoice(invoiceId);
    const amount = options.amountMinor ?? BigInt(invoice.amount_due);
    if (amount <= 0n || amount > BigInt(invoice.amount_due)) throw DomainError.validation('amount', `must be between 1 and the ${invoice.amount_due} due`);
    const resolved = options.accountId ? await this.activeAccount(options.accountId) : await this.accounts.defaultFor(invoice.currency);
    const paymentId = await this.insertPending(invoice, resolved, amount);
    const reference = `pay_${paymentId.replace(/-/g, '')}`;
    try {
      const started = await callProvider(() =>
        resolved.adapter.initiatePayment({
          reference,
          amountMinor: amount,
          currency: invoice.currency,
          customer: { email: invoice.customer_email, name: invoice.customer_name, phone: options.phone ?? invoice.customer_phone ?? undefined },
          description: `Invoice ${invoice.number}`,
          invoiceReference: invoice.id,
          returnUrl: options.returnUrl,
          cancelUrl: options.cancelUrl,
        }),
      );
      const redirectUrl = started.status === 'redirect' ? started.redirectUrl : null;
      await this.recordReference(paymentId, started.providerReference, redirectUrl);
      return { paymentId, status: started.status === 'succeeded' ? 'succeeded' : 'pending', provider: resolved.account.provider, providerReference: started.providerReference, redirectUrl, amount, currency: invoice.currency };
    } catch (error) {
      await this.markFailed(paymentId, error);
      throw error;
    }
  }

  /** Charges the customer's default saved method for what the invoice still owes. */
  async chargeSaved(invoiceId: string, attempt: number): Promise<ChargeOutcome> {
    const invoice = await this.payableInvoice(invoiceId).catch((error: unknown) => {
      if (error instanceof DomainError) return null;
      throw error;
    });
    if (!invoice) return { status: 'skipped', reason: 'invoice is not open' };
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<{ account_id: string; encrypted_token: string; provider_customer_id: string | null }>(
      `SELECT pm.account_id, pm.encrypted_token, pm.provider_customer_id FROM payment_methods pm
         JOIN payment_provider_accounts a ON a.id = pm.account_id AND a.active
        WHERE pm.customer_id = $1 AND pm.is_default ORDER BY pm.created_at DESC LIMIT 1`,
      [invoice.customer_id],
    );
    const method = rows[0];
    if (!method) return { status: 'skipped', reason: 'customer has no saved payment method' };
    const resolved = await this.accounts.get(method.account_id);
    const token = this.cipher.decrypt(method.encrypted_token, this.accounts.cipherContext(method.account_id));
    const amount = BigInt(invoice.amount_due);
    // One reference per attempt: a replay of the same attempt is idempotent at the provider.
    const reference = `chg_${invoice.id.replace(/-/g, '')}_${attempt}`;
    const paymentId = await this.insertPending(invoice, resolved, amount, reference);
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
    await this.recordReference(paymentId, result.providerReference, null);
    if (result.status === 'failed') {
      const reason = result.failureMessage ?? 'declined';
      await pool.query(`UPDATE payments SET status = 'failed', failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [paymentId, reason]);
      return { status: 'failed', paymentId, reason };
    }
    if (result.status === 'succeeded') {
      // Settled now, exactly as the provider's webhook would (which then finds nothing to do).
      await inTransaction(pool, (client) =>
        applySettlementEvent(client, {
          id: paymentId,
          account_id: resolved.account.id,
          type: 'payment.succeeded',
          provider_reference: result.providerReference,
          refund_reference: null,
          provider_transaction_id: null,
          invoice_reference: invoice.id,
          amount: amount.toString(),
          currency: invoice.currency,
          occurred_at: new Date(),
          saved_method: null, // charged with a method already saved
        }),
      );
    }
    return { status: result.status, paymentId };
  }

  private async payableInvoice(invoiceId: string): Promise<PayableInvoice> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<PayableInvoice>(
      `SELECT i.id, i.number, i.status, i.currency, i.amount_due::text AS amount_due, i.customer_id,
              c.name AS customer_name, c.email AS customer_email, c.phone AS customer_phone
         FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = $1`,
      [invoiceId],
    );
    const invoice = rows[0];
    if (!invoice) throw DomainError.notFound('Invoice', invoiceId);
    if (!isPayableInvoice({ status: invoice.status, amountDue: BigInt(invoice.amount_due) })) {
      throw DomainError.invalidState(`Invoice ${invoiceId} is ${invoice.status} with nothing due; it cannot be paid`);
    }
    return invoice;
  }

  private async activeAccount(accountId: string): Promise<ResolvedAccount> {
    const resolved = await this.accounts.get(accountId);
    if (!resolved.account.active) throw DomainError.validation('accountId', 'names a deactivated payment provider account');
    return resolved;
  }

  private async insertPending(invoice: PayableInvoice, resolved: ResolvedAccount, amount: bigint, reference?: string): Promise<string> {
    const { pool } = await this.db.connection();
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO payments (id, invoice_id, customer_id, amount, currency, status, method, provider_account_id, provider_reference, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', $5, $6, $7, now())
       ON CONFLICT (provider_account_id, provider_reference) DO UPDATE SET updated_at = now()
       RETURNING id`,
      [invoice.id, invoice.customer_id, amount, invoice.currency, resolved.account.provider, resolved.account.id, reference ?? null],
    );
    return rows[0]!.id;
  }

  private async recordReference(paymentId: string, providerReference: string, redirectUrl: string | null): Promise<void> {
    const { pool } = await this.db.connection();
    await pool.query('UPDATE payments SET provider_reference = $2, redirect_url = $3, updated_at = now() WHERE id = $1', [paymentId, providerReference, redirectUrl]);
  }

  private async markFailed(paymentId: string, error: unknown): Promise<void> {
    const { pool } = await this.db.connection();
    const message = error instanceof Error ? error.message : String(error);
    await pool.query(`UPDATE payments SET status = 'failed', failure_message = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`, [paymentId, message.slice(0, 500)]);
  }
}
