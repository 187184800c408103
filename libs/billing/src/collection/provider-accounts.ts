import { DomainError } from '@nova/domain';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { PaymentsConfig } from '@nova/config';
import { type PaymentProvider, PaymentProviderFactory } from '@nova/payments';
import { TenantContext, TenantDb } from '@nova/tenancy';

import { type ProviderAccountRow, defaultAccountIdFor, findProviderAccountRow } from './provider-accounts.repository';

export type { ProviderAccountRow };

export interface ResolvedAccount {
  readonly account: ProviderAccountRow;
  readonly adapter: PaymentProvider;
}

/** How long another process may keep using an account's previous credentials after an edit. */
const ADAPTER_TTL_MS = 30_000;

/**
 * The current tenant's provider accounts as ready-to-use adapters. Webhook intake needs one per
 * delivery, so adapters (decrypted once) are cached per account for a short while; edits made
 * in this process invalidate at once.
 */
@Injectable()
export class ProviderAccounts {
  private readonly cache = new LRUCache<string, ResolvedAccount>({ max: 2_000, ttl: ADAPTER_TTL_MS });

  constructor(
    private readonly db: TenantDb,
    private readonly context: TenantContext,
    private readonly factory: PaymentProviderFactory,
    private readonly config: PaymentsConfig,
  ) {}

  /** AAD binding an account's ciphertexts to that tenant and account row. */
  cipherContext(accountId: string): string {
    return `tenant:${this.context.tenantId}/payment-provider-account:${accountId}`;
  }

  /**
   * Where this account's provider must post webhooks (M-Pesa appends its path token itself). The
   * URL carries the mode: `/webhooks/<provider>/…` is live, `/webhooks/test/<provider>/…` test, so
   * an event is only ever looked up and settled in the database of the account that asked for it.
   */
  webhookUrl(provider: string, accountId: string): string {
    const modePrefix = this.context.mode === 'test' ? 'test/' : '';
    return `${this.config.webhookBaseUrl}/webhooks/${modePrefix}${provider}/${this.context.tenantId}/${accountId}`;
  }

  /** Accounts are cached per tenant and mode: the live and test databases have accounts of their own. */
  private cacheKey(accountId: string): string {
    return `${this.context.tenantId}/${this.context.mode}/${accountId}`;
  }

  /** The account and its adapter, or null when the tenant has no such account. */
  async find(accountId: string): Promise<ResolvedAccount | null> {
    const key = this.cacheKey(accountId);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const { pool } = await this.db.connection();
    const account = await findProviderAccountRow(pool, accountId);
    if (!account) return null;
    const resolved = { account, adapter: this.build(account) };
    this.cache.set(key, resolved);
    return resolved;
  }

  async get(accountId: string): Promise<ResolvedAccount> {
    const resolved = await this.find(accountId);
    if (!resolved) throw DomainError.notFound('Payment provider account', accountId);
    return resolved;
  }

  /** The active account marked default for `currency`. */
  async defaultFor(currency: string): Promise<ResolvedAccount> {
    const { pool } = await this.db.connection();
    const accountId = await defaultAccountIdFor(pool, currency);
    if (!accountId) throw DomainError.invalidState(`No active payment provider is the default for ${currency}; connect one and mark it default for ${currency}`);
    return this.get(accountId);
  }

  invalidate(accountId: string): void {
    this.cache.delete(this.cacheKey(accountId));
  }

  private build(account: ProviderAccountRow): PaymentProvider {
    return this.factory.forAccount({
      provider: account.provider,
      encryptedCredentials: account.encrypted_credentials,
      encryptedWebhookSecret: account.encrypted_webhook_secret ?? undefined,
      webhookUrl: this.webhookUrl(account.provider, account.id),
      cipherContext: this.cipherContext(account.id),
    });
  }
}
