// Typed failures of the provider layer. Messages never carry secrets: provider messages pass
// through `redactSecrets` in the HTTP client before they reach a ProviderError.

/** A provider answered with an error, or could not be reached. `status` is 0 when no HTTP answer arrived. */
export class ProviderError extends Error {
  override readonly name: string = 'ProviderError';

  constructor(
    readonly provider: string,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${provider}: ${message} (status ${status}, code ${code})`);
  }

  /** True when the provider rejected our credentials (wrong/revoked key). */
  get isAuthenticationFailure(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export type WebhookRejection =
  | 'missing' // no signature header / path token
  | 'invalid' // signature or token does not match
  | 'stale' // signature valid but outside the replay window (Stripe)
  | 'unconfirmed' // unsigned callback the provider's own API does not confirm (M-Pesa)
  | 'malformed'; // authenticated, but not a payload we can read

/** A webhook that must not be trusted. Map it to HTTP 400/401; never to 2xx. */
export class WebhookSignatureError extends Error {
  override readonly name: string = 'WebhookSignatureError';

  constructor(
    readonly provider: string,
    readonly reason: WebhookRejection,
    detail: string,
  ) {
    super(`${provider} webhook rejected (${reason}): ${detail}`);
  }
}

/** The provider cannot do this at all (e.g. M-Pesa has no saved-card charges). */
export class UnsupportedOperationError extends Error {
  override readonly name: string = 'UnsupportedOperationError';

  constructor(
    readonly provider: string,
    readonly operation: string,
    why: string,
  ) {
    super(`${provider} does not support ${operation}: ${why}`);
  }
}

/** Bad input from our side, named by field, caught before any request leaves. */
export class PaymentRequestError extends Error {
  override readonly name: string = 'PaymentRequestError';

  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** An amount that cannot be expressed exactly in the unit a provider wants. */
export class AmountConversionError extends PaymentRequestError {
  override readonly name: string = 'AmountConversionError';
}

/** The adapter was built without a setting an operation needs (e.g. a webhook secret). */
export class ProviderConfigError extends Error {
  override readonly name: string = 'ProviderConfigError';

  constructor(
    readonly provider: string,
    readonly setting: string,
    problem: string,
  ) {
    super(`${provider} ${setting}: ${problem}`);
  }
}
