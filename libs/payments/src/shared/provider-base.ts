// What every adapter is built from, set up once here: its name, its configuration and its clock;
// for REST adapters also the one HTTP client, made from how the provider authenticates and
// words its errors. An adapter then holds only what is its own: endpoints, mappings, webhooks.

import type { ProviderConfig } from '../provider';
import type { SecretKeyCredentials } from './credentials';
import { type FieldFailure, Fields, invalidResponse } from './fields';
import { type ProviderErrorDetails, type ProviderHttpClientConfig, ProviderHttpClient, type ProviderRequest } from './http-client';

export abstract class ProviderBase<Credentials> {
  protected readonly now: () => number;

  protected constructor(
    readonly name: string,
    protected readonly config: ProviderConfig<Credentials>,
  ) {
    this.now = config.now ?? Date.now;
  }

  /** When an event without a timestamp of its own is taken to have happened: now. */
  protected receivedAt(): Date {
    return new Date(this.now());
  }
}

/** How a provider's API is spoken to: everything of the HTTP client that is the provider's own. */
export type ProviderApi = Pick<ProviderHttpClientConfig, 'authorize' | 'refreshAuthorization' | 'isAuthorizationRejected' | 'secrets'> & {
  /** Reads the provider's error envelope (code and message) from an error response body. */
  readonly readError: (body: unknown) => ProviderErrorDetails;
};

export abstract class RestProviderBase<Credentials> extends ProviderBase<Credentials> {
  protected readonly http: ProviderHttpClient;
  /** How a missing or mistyped response field is reported. */
  protected readonly fail: FieldFailure;

  protected constructor(name: string, config: ProviderConfig<Credentials>, api: ProviderApi) {
    super(name, config);
    this.fail = invalidResponse(name);
    this.http = new ProviderHttpClient({ ...api, provider: name, baseUrl: config.baseUrl, options: config.http });
  }

  /** One request whose JSON answer is read field by field (error paths start at `body`). */
  protected async fields(request: ProviderRequest): Promise<Fields> {
    return Fields.of(await this.http.request(request), 'body', this.fail);
  }
}

/** `Authorization: Bearer <token>` (Paystack, Flutterwave secret keys). */
export function bearerAuthorization(token: string): ProviderApi['authorize'] {
  const header = { authorization: `Bearer ${token}` };
  return () => header;
}

/** HTTP Basic (Razorpay key id/secret, Daraja consumer key/secret). */
export function basicAuthorization(user: string, password: string): ProviderApi['authorize'] {
  const header = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  return () => header;
}

/** The API of a provider that takes its one secret key as a bearer token (Paystack, Flutterwave). */
export function secretKeyApi({ secretKey }: SecretKeyCredentials, readError: ProviderApi['readError']): ProviderApi {
  return { authorize: bearerAuthorization(secretKey), secrets: [secretKey], readError };
}
