// This app's Daraja access tokens: client-credentials OAuth with the consumer key and secret
// (HTTP Basic), shared process-wide through the token cache, one token per host + consumer key.

import { Fields, invalidResponse } from '../shared/fields';
import { type HttpOptions, ProviderHttpClient } from '../shared/http-client';
import { type ProviderApi, basicAuthorization } from '../shared/provider-base';
import type { DarajaToken, DarajaTokenCache } from './daraja-token-cache';

const PROVIDER = 'mpesa';

export interface DarajaApp {
  readonly baseUrl: string;
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly http?: HttpOptions;
}

export class DarajaAccessTokens {
  private readonly oauth: ProviderHttpClient;
  private readonly cacheKey: string;
  private readonly fail = invalidResponse(PROVIDER);

  constructor(
    app: DarajaApp,
    api: Pick<ProviderApi, 'secrets' | 'readError'>,
    private readonly cache: DarajaTokenCache,
  ) {
    this.cacheKey = `${app.baseUrl}|${app.consumerKey}`;
    this.oauth = new ProviderHttpClient({ ...api, provider: PROVIDER, baseUrl: app.baseUrl, authorize: basicAuthorization(app.consumerKey, app.consumerSecret), options: app.http });
  }

  /** A live token, from the cache or fetched once for all concurrent callers. */
  current(): Promise<string> {
    return this.cache.get(this.cacheKey, () => this.fetch());
  }

  /** Daraja refused the cached token: the next call fetches a new one. */
  invalidate(): void {
    this.cache.invalidate(this.cacheKey);
  }

  /** A new token, bypassing the cache (also the cheapest check that the credentials work). */
  async fetch(): Promise<DarajaToken> {
    const body = await this.oauth.request({ method: 'GET', path: '/oauth/v1/generate', query: { grant_type: 'client_credentials' } });
    const token = Fields.of(body, 'body', this.fail);
    // Older docs and sandboxes send expires_in as the string "3599".
    const expiresInSeconds = Number(token.string('expires_in'));
    if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) throw token.failureAt('expires_in', 'is not a positive number');
    return { accessToken: token.string('access_token'), expiresInSeconds };
  }
}
