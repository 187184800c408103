// Saved payment methods, however they arrive (saved by hand through the API, or learnt from a
// provider webhook when a payment settles): the token is sealed with the account's cipher
// context, and a keyed fingerprint makes saving the same token again change nothing.

import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { CredentialsCipher, type SavedPaymentMethod, maskSecret } from '@nova/payments';
import { ProviderAccounts } from './provider-accounts';

/** A method ready to store: nothing in it can move money without the encryption key. */
export interface SealedMethod {
  readonly encryptedToken: string;
  readonly tokenHint: string;
  readonly tokenFingerprint: string;
  readonly providerCustomerId: string | null;
}

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

/**
 * Saves `method` as the customer's default (the newest method is the default). The same token
 * saved again, by hand or by another webhook, keeps its row and changes nothing. Run inside a
 * transaction: the default moves atomically.
 */
export async function saveCustomerMethod(client: PoolClient, customerId: string, accountId: string, method: SealedMethod): Promise<{ id: string; created: boolean }> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint, provider_customer_id, is_default)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, true)
     ON CONFLICT (customer_id, account_id, token_fingerprint) DO NOTHING
     RETURNING id`,
    [customerId, accountId, method.encryptedToken, method.tokenHint, method.tokenFingerprint, method.providerCustomerId],
  );
  const created = inserted.rows[0];
  if (created) {
    await client.query('UPDATE payment_methods SET is_default = false WHERE customer_id = $1 AND id <> $2 AND is_default', [customerId, created.id]);
    return { id: created.id, created: true };
  }
  const { rows } = await client.query<{ id: string }>(
    'SELECT id FROM payment_methods WHERE customer_id = $1 AND account_id = $2 AND token_fingerprint = $3',
    [customerId, accountId, method.tokenFingerprint],
  );
  return { id: rows[0]!.id, created: false };
}
