// One HTTP POST of a webhook: no redirects followed (a 3xx is a failed attempt), a deadline for the
// whole exchange, and — unless private hosts are allowed — a connection only to an address that
// passed the URL policy after DNS resolution: the lookup that checks is the one the socket uses,
// so a name re-pointed between the check and the connect cannot slip through.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { resolvedAddressesProblem, type UrlPolicy } from '@nova/domain';

export interface WebhookPost {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface WebhookPostResult {
  /** The receiver's HTTP status, or null when none came (refused, timeout, connection error). */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why the attempt failed, or null for a 2xx. */
  readonly error: string | null;
}

export interface WebhookSenderOptions extends UrlPolicy {
  readonly timeoutMs: number;
}

class RefusedAddressError extends Error {}

/** Resolves like dns.lookup, failing when any address is refused by the policy (either callback form). */
function checkedLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      const problem = resolvedAddressesProblem(addresses.map((entry) => entry.address), policy);
      if (problem) return callback(new RefusedAddressError(problem), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export async function postWebhook(post: WebhookPost, options: WebhookSenderOptions): Promise<WebhookPostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(post.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is not looked up: check it here.
  const literalProblem = isIP(host) !== 0 ? resolvedAddressesProblem([host], options) : null;
  if (literalProblem) return { status: null, durationMs: elapsed(), error: `refused: ${literalProblem}` };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<WebhookPostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<WebhookPostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body).toString() },
        lookup: checkedLookup(options) as never,
        // One connection per attempt: a kept-alive socket would skip the address check.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        // The receiver's answer is not kept: drain it so the socket closes.
        response.resume();
        response.on('end', () => finish({ status, error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}` }));
        response.on('error', (error) => finish({ status, error: error.message }));
      },
    );
    const deadline = setTimeout(() => {
      finish({ status: null, error: `timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => finish({ status: null, error: error instanceof RefusedAddressError ? `refused: ${error.message}` : error.message || error.name }));
    request.end(post.body);
  });
}
