// autocannon request hook (loaded by path in its worker thread): every request takes the next
// pre-signed webhook from the file named by BENCH_WEBHOOK_BODIES, so no two requests carry the
// same event and the intake really inserts each one. One worker thread = one shared counter.
import { readFileSync } from 'node:fs';

interface SignedBody {
  readonly body: string;
  readonly headers: Record<string, string>;
}

interface AutocannonRequest {
  headers?: Record<string, string>;
  body?: string;
}

const file = process.env.BENCH_WEBHOOK_BODIES;
const bodies: SignedBody[] = file ? (JSON.parse(readFileSync(file, 'utf8')) as SignedBody[]) : [];
let next = 0;

function nextSignedRequest<R extends AutocannonRequest>(request: R): R {
  const signed = bodies[next++ % bodies.length];
  if (!signed) throw new Error('BENCH_WEBHOOK_BODIES names no signed bodies');
  return { ...request, body: signed.body, headers: { ...request.headers, ...signed.headers } };
}

export = nextSignedRequest;
