// Saved payment methods, however they arrive (saved by hand through the API, or learnt from a
// provider webhook when a payment settles): the token is sealed with the account's cipher
// context, and a keyed fingerprint makes saving the same token again change nothing.

import { Injectable } from '@nestjs/common';
import { CredentialsCipher, type SavedPaymentMethod, maskSecret } from '@nova/payments';
import { ProviderAccounts } from './provider-accounts';
import type { SealedMethod } from './payment-methods.repository';

export type { SealedMethod };

/** Seals a provider token with its account's cipher context (the only place a token is encrypted). */
@Injectable()
export class SavedMethodSealer {
  constructor(
    private readonly cipher: CredentialsCipher,
    private readonly accounts: ProviderAccounts,
  ) {}

  seal(accountId: string, method: SavedPaymentMethod): SealedMethod {
    const context = this.accounts.cipherContext(accountId);
    return {
      encryptedToken: this.cipher.encrypt(method.token, context),
      tokenHint: maskSecret(method.token),
      tokenFingerprint: this.cipher.fingerprint(method.token, context),
      providerCustomerId: method.customerId ?? null,
    };
  }
}
