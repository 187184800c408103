// One HTTP client for every REST adapter, over Node's fetch (undici). It owns the mechanics that
// must be identical everywhere: per-attempt timeouts, bounded retries with exponential backoff
// and full jitter, JSON/form encodings, and error mapping to ProviderError with secrets removed.
//
// Retry rule: a request is replayed after a network error, timeout, 429 or 5xx only when
// replaying cannot charge twice: GET/PUT/DELETE, a POST that only reads (`idempotent: true`),
// or a POST carrying an idempotency key the provider honours.

import { ProviderError } from '../errors';
import { redactSecrets } from './secrets';

export interface HttpOptions {
  /** Per attempt, including reading the body. */
  readonly timeoutMs?: number;
  /** Replays after the first attempt, for retryable requests only. */
  readonly maxRetries?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly fetch?: typeof fetch;
  /** Jitter source in [0, 1); injectable so tests are deterministic. */
  readonly random?: () => number;
}

export const DEFAULT_HTTP_OPTIONS = {
  timeoutMs: 15_000,
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
} as const;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ProviderRequest {
  readonly method: HttpMethod;
  /** Appended to the base URL as is: '/transaction/verify/abc'. Encode path segments yourself. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Header the provider de-duplicates on; makes a POST safe to replay. */
  readonly idempotencyKey?: { readonly header: string; readonly value: string };
  /** Declares a POST that only reads (e.g. a status query) safe to replay. */
  readonly idempotent?: boolean;
}

export interface ProviderErrorDetails {
  readonly code?: string;
  readonly message?: string;
}

export interface ProviderHttpClientConfig {
  readonly provider: string;
  readonly baseUrl: string;
  /** Authentication headers, asked for on every attempt (tokens may be refreshed in between). */
  readonly authorize: () => Promise<Readonly<Record<string, string>>> | Readonly<Record<string, string>>;
  /** Called once when the provider rejects our authorization, before one immediate replay (expired tokens). */
  readonly refreshAuthorization?: () => void;
  /** How the provider says "token rejected"; HTTP 401 unless told otherwise. */
  readonly isAuthorizationRejected?: (status: number, details: ProviderErrorDetails) => boolean;
  /** Values that must never appear in an error message. */
  readonly secrets: readonly string[];
  /** Reads the provider's error envelope. */
  readonly readError: (body: unknown) => ProviderErrorDetails;
  readonly options?: HttpOptions;
}

const RETRYABLE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

export class ProviderHttpClient {
  private readonly options: Required<Omit<HttpOptions, 'fetch' | 'random'>> & Pick<HttpOptions, 'fetch' | 'random'>;

  constructor(private readonly config: ProviderHttpClientConfig) {
    this.options = { ...DEFAULT_HTTP_OPTIONS, ...config.options };
  }

  async request<T = unknown>(request: ProviderRequest): Promise<T> {
    const retryable = request.idempotent ?? (RETRYABLE_METHODS.has(request.method) || request.idempotencyKey !== undefined);
    let refreshedAuthorization = false;
    for (let attempt = 0; ; attempt += 1) {
      const authHeaders = await this.config.authorize();
      const canRetry = retryable && attempt < this.options.maxRetries;
      let response: Response;
      let text: string;
      try {
        response = await this.send(request, authHeaders);
        text = await response.text();
      } catch (error) {
        const failure = this.transportError(error);
        if (!canRetry) throw failure;
        await this.sleep(this.backoffDelay(attempt));
        continue;
      }

      if (response.ok) return this.parseSuccess<T>(response.status, text);

      const details = this.errorDetails(text);
      if (this.config.refreshAuthorization && !refreshedAuthorization && this.authorizationRejected(response.status, details)) {
        // A rejected token means nothing was processed, so one replay with a fresh token is always safe.
        refreshedAuthorization = true;
        this.config.refreshAuthorization();
        attempt -= 1;
        continue;
      }
      const transient = response.status === 429 || response.status >= 500;
      if (transient && canRetry) {
        await this.sleep(Math.max(this.backoffDelay(attempt), this.retryAfterMs(response)));
        continue;
      }
      throw this.httpError(response.status, details, Object.values(authHeaders));
    }
  }

  private authorizationRejected(status: number, details: ProviderErrorDetails): boolean {
    return this.config.isAuthorizationRejected ? this.config.isAuthorizationRejected(status, details) : status === 401;
  }

  private send(request: ProviderRequest, authHeaders: Readonly<Record<string, string>>): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...authHeaders, ...request.headers };
    let body: string | undefined;
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.form).toString();
    }
    if (request.idempotencyKey) headers[request.idempotencyKey.header] = request.idempotencyKey.value;
    const doFetch = this.options.fetch ?? fetch;
    return doFetch(this.url(request), {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
  }

  private url(request: ProviderRequest): string {
    const url = new URL(this.config.baseUrl.replace(/\/+$/, '') + request.path);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  private parseSuccess<T>(status: number, text: string): T {
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ProviderError(this.config.provider, status, 'invalid_response', 'response body is not JSON');
    }
  }

  private errorDetails(text: string): ProviderErrorDetails {
    try {
      return text.trim() === '' ? {} : this.config.readError(JSON.parse(text));
    } catch {
      // Non-JSON error pages (proxies, gateways) carry nothing we can trust or show.
      return {};
    }
  }

  private httpError(status: number, details: ProviderErrorDetails, authValues: readonly string[]): ProviderError {
    const message = redactSecrets(details.message ?? `HTTP ${status}`, [...this.config.secrets, ...authValues]);
    return new ProviderError(this.config.provider, status, details.code ?? `http_${status}`, message);
  }

  private transportError(error: unknown): ProviderError {
    // Duck-typed: fetch rejects with DOMExceptions, which are not `instanceof Error` in every realm.
    const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ProviderError(this.config.provider, 0, 'timeout', `no answer within ${this.options.timeoutMs} ms`);
    }
    // undici puts the useful part (ECONNREFUSED, ECONNRESET...) in `cause`.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    return new ProviderError(this.config.provider, 0, 'network_error', redactSecrets(cause || 'request failed', this.config.secrets));
  }

  /** Full jitter: uniform in [0, min(max, base * 2^attempt)]. */
  private backoffDelay(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** attempt);
    return Math.floor((this.options.random ?? Math.random)() * ceiling);
  }

  private retryAfterMs(response: Response): number {
    const seconds = Number(response.headers.get('retry-after'));
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, this.options.maxDelayMs) : 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
