// The mechanics every fake provider shares: a node:http server on 127.0.0.1 with a random port,
// a tiny router with `:param` segments, JSON answers, a log of received requests, injectable
// failures (HTTP errors or dropped connections) and webhook delivery. Each fake adds only its
// provider's routes, state and signing.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeRoute {
  readonly method: string;
  readonly pattern: string;
  readonly handler: FakeHandler;
}

/** Returns a response to refuse the request (bad credentials), or undefined to let it through. */
export type FakeAuthenticator = (request: FakeRequest) => FakeResponse | undefined;

/** A webhook exactly as the provider would send it: bytes plus headers. */
export interface SignedWebhook {
  readonly headers: Readonly<Record<string, string>>;
  readonly rawBody: Buffer;
}

interface InjectedFailure {
  readonly kind: 'status' | 'drop';
  readonly response?: FakeResponse;
  remaining: number;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly failures: InjectedFailure[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly origin: string,
  ) {}

  static async start(routes: readonly FakeRoute[], authenticate?: FakeAuthenticator): Promise<FakeServer> {
    let fake: FakeServer | undefined;
    const server = createServer((req, res) => {
      void fake!.handle(req, res, routes, authenticate);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeServer(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** The next `times` requests get this answer instead of reaching their route. */
  failNext(times: number, response: FakeResponse): void {
    this.failures.push({ kind: 'status', response, remaining: times });
  }

  /** The next `times` requests have their connection destroyed without an answer. */
  dropNext(times: number): void {
    this.failures.push({ kind: 'drop', remaining: times });
  }

  /** Forgets unused injected failures and the request log (between tests). */
  reset(): void {
    this.failures.length = 0;
    this.requests.length = 0;
  }

  requestsTo(method: string, path: string): FakeRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
    routes: readonly FakeRoute[],
    authenticate: FakeAuthenticator | undefined,
  ): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const base = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, rawBody };
    this.requests.push({ ...base, params: {} });

    const failure = this.failures.find((candidate) => candidate.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      if (failure.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      return send(res, failure.response!);
    }

    for (const route of routes) {
      const params = route.method === base.method ? matchPath(route.pattern, base.path) : undefined;
      if (!params) continue;
      const request: FakeRequest = { ...base, params };
      try {
        const refusal = authenticate?.(request);
        return send(res, refusal ?? (await route.handler(request)));
      } catch (error) {
        return send(res, { status: 500, body: { fakeError: error instanceof Error ? error.message : String(error) } });
      }
    }
    send(res, { status: 404, body: { fakeError: `no fake route for ${base.method} ${base.path}` } });
  }
}

export async function deliverWebhook(url: string, webhook: SignedWebhook): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...webhook.headers },
    body: webhook.rawBody,
  });
  await response.arrayBuffer();
  return response.status;
}

export function jsonBody(request: FakeRequest): Record<string, unknown> {
  if (request.rawBody.length === 0) return {};
  const parsed: unknown = JSON.parse(request.rawBody.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body is not a JSON object');
  return parsed as Record<string, unknown>;
}

export function bearerToken(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

export function basicCredentials(request: FakeRequest): { user: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Amounts in JSON bodies: integers only (numbers or digit strings), like the real APIs. */
export function integerField(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

let sequence = 0;
/** Unique, provider-looking ids: `prefix` + 14 base-36 characters. */
export function fakeId(prefix: string): string {
  sequence += 1;
  const random = Math.random().toString(36).slice(2, 8);
  return `${prefix}${sequence.toString(36).padStart(8, '0')}${random}`;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const patternParts = pattern.split('/');
  const pathParts = path.split('/');
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < patternParts.length; index += 1) {
    const expected = patternParts[index]!;
    const actual = pathParts[index]!;
    if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(actual);
    else if (expected !== actual) return undefined;
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: FakeResponse): void {
  const body = response.body === undefined ? '' : JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
  res.end(body);
}

/** What every provider fake shares: its HTTP server, where it listens, and shutting it down. */
export abstract class FakeProvider {
  protected server!: FakeServer;

  /** Pass as the adapter's base URL. */
  get baseUrl(): string {
    return this.server.origin;
  }

  /** The request log and failure injection of the fake's server. */
  get http(): FakeServer {
    return this.server;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** A fake whose provider signs its webhooks: they are POSTed to our endpoint as they are. */
export abstract class SigningFakeProvider extends FakeProvider {
  deliver(url: string, webhook: SignedWebhook): Promise<number> {
    return deliverWebhook(url, webhook);
  }
}
