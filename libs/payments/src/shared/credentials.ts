// Credentials arrive as decrypted JSON of unknown shape. Each adapter declares its string fields
// and gets a typed object back, or an error naming the missing field (never its value).

import { ProviderConfigError, ProviderError } from '../errors';
import type { CredentialCheck } from '../provider';
import { isRecord } from './fields';
import { type SecretOrSecrets, secretList } from './secrets';

export function readCredentialFields<Required extends string, Optional extends string = never>(
  provider: string,
  raw: unknown,
  required: readonly Required[],
  optional: readonly Optional[] = [],
): Record<Required, string> & Partial<Record<Optional, string>> {
  if (!isRecord(raw)) throw new ProviderConfigError(provider, 'credentials', 'must be an object');
  const result: Record<string, string> = {};
  for (const field of required) {
    const value = raw[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ProviderConfigError(provider, `credentials.${field}`, 'is required and must be a non-empty string');
    }
    result[field] = value;
  }
  for (const field of optional) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw new ProviderConfigError(provider, `credentials.${field}`, 'must be a string');
    result[field] = value;
  }
  return result as Record<Required, string> & Partial<Record<Optional, string>>;
}

/** Runs a cheap authenticated call: rejected credentials become `{ ok: false }`, other failures throw. */
export async function checkCredentials(
  call: () => Promise<unknown>,
  isRejection: (error: ProviderError) => boolean = (error) => error.isAuthenticationFailure,
): Promise<CredentialCheck> {
  try {
    await call();
    return { ok: true };
  } catch (error) {
    if (error instanceof ProviderError && isRejection(error)) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The webhook secret list an adapter needs before it can verify anything. */
export function requireWebhookSecrets(provider: string, secrets: SecretOrSecrets | undefined): string[] {
  const list = secretList(secrets);
  if (list.length === 0) throw new ProviderConfigError(provider, 'webhookSecret', 'is not configured');
  return list;
}

/** Stripe, Paystack and Flutterwave authenticate every call with one secret API key. */
export interface SecretKeyCredentials {
  readonly secretKey: string;
}

export function readSecretKeyCredentials(provider: string, raw: unknown): SecretKeyCredentials {
  return readCredentialFields(provider, raw, ['secretKey']);
}
