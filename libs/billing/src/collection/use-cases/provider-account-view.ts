// What the provider-account use cases share: an account as its administration sees it (secrets
// masked, the webhook URL to configure), and the checks of what a tenant sends.
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@nova/domain';
import { CredentialsCipher, ProviderConfigError, createPaymentProvider, maskSecret } from '@nova/payments';
import type { ProviderAccountRecord } from '../provider-accounts.repository';
import { ProviderAccounts } from '../provider-accounts';

export interface ProviderAccountView {
  id: string;
  provider: string;
  name: string;
  active: boolean;
  credentialHints: Record<string, string>;
  webhookSecretHint: string | null;
  webhookUrl: string;
  defaultForCurrencies: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A webhook secret as sent: one string, or several while the provider rotates it. */
export type WebhookSecret = string | string[];

@Injectable()
export class ProviderAccountViews {
  constructor(
    private readonly accounts: ProviderAccounts,
    private readonly cipher: CredentialsCipher,
  ) {}

  /** `webhookSecret`: the one just set (shown masked); otherwise the stored one is unsealed for its hint. */
  toView(account: ProviderAccountRecord, webhookSecret?: WebhookSecret): ProviderAccountView {
    const hint = webhookSecret === undefined ? (account.encryptedWebhookSecret ? this.storedSecretHint(account) : null) : hintOf(webhookSecret);
    return {
      id: account.id,
      provider: account.provider,
      name: account.name,
      active: account.active,
      credentialHints: account.credentialHints,
      webhookSecretHint: hint,
      webhookUrl: this.accounts.webhookUrl(account.provider, account.id),
      defaultForCurrencies: [...account.defaultForCurrencies].sort(),
      createdAt: account.createdAt,
      updatedAt: account.updatedAt,
    };
  }

  private storedSecretHint(account: ProviderAccountRecord): string | null {
    const secret = this.cipher.decryptJson(account.encryptedWebhookSecret!, this.accounts.cipherContext(account.id));
    return typeof secret === 'string' || Array.isArray(secret) ? hintOf(secret as WebhookSecret) : null;
  }
}

function hintOf(secret: WebhookSecret): string {
  return (typeof secret === 'string' ? [secret] : secret).map(maskSecret).join(', ');
}

/** Masked credentials, safe to show. */
export function credentialHints(credentials: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials).filter(([, value]) => typeof value === 'string').map(([field, value]) => [field, maskSecret(value as string)]));
}

/** Providers whose webhooks are signed with a secret configured separately from the API key. */
const NEEDS_WEBHOOK_SECRET = new Set(['stripe', 'razorpay', 'flutterwave']);

/** The secret to store for a new or changed account, or undefined when the provider signs with its API key (Paystack). */
export function webhookSecretFor(provider: string, secret: WebhookSecret | undefined): WebhookSecret | undefined {
  if (secret !== undefined) {
    const list = typeof secret === 'string' ? [secret] : secret;
    if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > 500)) {
      throw DomainError.validation('webhookSecret', 'must be a non-empty string or a list of them');
    }
    return secret;
  }
  // M-Pesa signs nothing: a random token in the callback path authenticates its callbacks.
  if (provider === 'mpesa') return randomBytes(24).toString('base64url');
  if (NEEDS_WEBHOOK_SECRET.has(provider)) throw DomainError.validation('webhookSecret', `is required for ${provider} (the signing secret from its dashboard)`);
  return undefined;
}

/** The provider's own adapter checks the credentials' shape (a 400 naming the setting, before anything is stored). */
export function validateCredentials(provider: string, credentials: Record<string, unknown>, webhookSecret: WebhookSecret | undefined): void {
  try {
    createPaymentProvider(provider, credentials, { webhookSecret });
  } catch (error) {
    if (error instanceof ProviderConfigError) throw DomainError.validation(error.setting, error.message.slice(`${provider} ${error.setting}: `.length));
    throw error;
  }
}
