// Thin Nest wiring: a CredentialsCipher built from the configured keys, and a factory that turns
// a stored provider account (encrypted credentials + settings) into a PaymentProvider.
// Everything underneath is plain TypeScript and usable without Nest.

import { type DynamicModule, Inject, Injectable, type InjectionToken, Module } from '@nestjs/common';
import { CredentialsCipher } from './crypto/credentials-cipher';
import { ProviderConfigError } from './errors';
import type { PaymentProvider } from './provider';
import { createPaymentProvider } from './registry';
import type { HttpOptions } from './shared/http-client';
import type { SecretOrSecrets } from './shared/secrets';

export interface PaymentsModuleOptions {
  /** ENCRYPTION_KEY: 64 hex characters. */
  readonly encryptionKey: string;
  /** Keys being rotated out, still accepted for decryption. */
  readonly previousEncryptionKeys?: readonly string[];
  /** Provider base URLs from configuration (fakes, sandboxes); the real APIs by default. */
  readonly baseUrls?: Readonly<Record<string, string>>;
  readonly http?: HttpOptions;
}

/** A provider account as stored: secrets encrypted with CredentialsCipher. */
export interface StoredProviderAccount {
  readonly provider: string;
  /** `encryptJson(credentials, context)` of the provider's credentials object. */
  readonly encryptedCredentials: string;
  /** `encryptJson(secretOrSecrets, context)`: webhook secret(s) or, for M-Pesa, the callback path token. */
  readonly encryptedWebhookSecret?: string;
  /** Public URL of this account's webhook endpoint (M-Pesa callbacks). */
  readonly webhookUrl?: string;
  /** AAD the secrets were encrypted with, e.g. `tenant:<id>/provider-account:<id>`. */
  readonly cipherContext?: string;
}

export const PAYMENTS_MODULE_OPTIONS = Symbol('PAYMENTS_MODULE_OPTIONS');

@Injectable()
export class PaymentProviderFactory {
  constructor(
    @Inject(PAYMENTS_MODULE_OPTIONS) private readonly options: PaymentsModuleOptions,
    private readonly cipher: CredentialsCipher,
  ) {}

  /** Decrypts the account's secrets and builds its adapter. Adapters are cheap: build per use. */
  forAccount(account: StoredProviderAccount): PaymentProvider {
    const context = account.cipherContext ?? '';
    const webhookSecret = account.encryptedWebhookSecret ? this.cipher.decryptJson(account.encryptedWebhookSecret, context) : undefined;
    if (!isSecretOrSecrets(webhookSecret)) {
      throw new ProviderConfigError(account.provider, 'webhookSecret', 'must decrypt to a string or a list of strings');
    }
    return createPaymentProvider(account.provider, this.cipher.decryptJson(account.encryptedCredentials, context), {
      baseUrl: this.options.baseUrls?.[account.provider],
      webhookSecret,
      webhookUrl: account.webhookUrl,
      http: this.options.http,
    });
  }
}

function isSecretOrSecrets(value: unknown): value is SecretOrSecrets | undefined {
  return value === undefined || typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

const cipherProvider = {
  provide: CredentialsCipher,
  inject: [PAYMENTS_MODULE_OPTIONS],
  useFactory: (options: PaymentsModuleOptions) =>
    CredentialsCipher.fromConfig({ encryptionKey: options.encryptionKey, previousKeys: options.previousEncryptionKeys }),
};

@Module({})
export class PaymentsModule {
  static forRoot(options: PaymentsModuleOptions): DynamicModule {
    return {
      module: PaymentsModule,
      providers: [{ provide: PAYMENTS_MODULE_OPTIONS, useValue: options }, cipherProvider, PaymentProviderFactory],
      exports: [CredentialsCipher, PaymentProviderFactory],
    };
  }

  /** Options from other providers (typically the app's validated configuration). */
  static forRootAsync(options: { inject: InjectionToken[]; useFactory: (...deps: never[]) => PaymentsModuleOptions }): DynamicModule {
    return {
      module: PaymentsModule,
      providers: [{ provide: PAYMENTS_MODULE_OPTIONS, inject: options.inject, useFactory: options.useFactory }, cipherProvider, PaymentProviderFactory],
      exports: [CredentialsCipher, PaymentProviderFactory],
    };
  }
}
