import { FakeServer, type FakeRequest, jsonBody } from '../../testing/fake-server';
import { ProviderError } from '../errors';
import { type HttpOptions, ProviderHttpClient, type ProviderHttpClientConfig } from './http-client';

const SECRET = 'sk_test_super_secret_value_123';
const FAST: HttpOptions = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5, timeoutMs: 2_000 };

describe('ProviderHttpClient against a local server', () => {
  let server: FakeServer;
  let slowResponses: Array<() => void> = [];

  beforeAll(async () => {
    server = await FakeServer.start([
      { method: 'GET', pattern: '/things/:id', handler: (request) => ({ status: 200, body: { id: request.params.id, q: request.query.get('q') } }) },
      { method: 'POST', pattern: '/things', handler: (request) => ({ status: 201, body: { received: echoBody(request) } }) },
      { method: 'GET', pattern: '/slow', handler: () => new Promise((resolve) => slowResponses.push(() => resolve({ status: 200, body: {} }))) },
      { method: 'GET', pattern: '/leaky-error', handler: () => ({ status: 400, body: { error: { code: 'bad', message: `key ${SECRET} is wrong` } } }) },
    ]);
  });

  afterEach(() => {
    for (const release of slowResponses) release();
    slowResponses = [];
    server.reset();
  });

  afterAll(() => server.close());

  function client(overrides: Partial<ProviderHttpClientConfig> = {}, options: HttpOptions = FAST): ProviderHttpClient {
    return new ProviderHttpClient({
      provider: 'testpay',
      baseUrl: `${server.origin}/`,
      authorize: () => ({ authorization: `Bearer ${SECRET}` }),
      secrets: [SECRET],
      readError: (body) => {
        const error = (body as { error?: { code?: string; message?: string } }).error;
        return { code: error?.code, message: error?.message };
      },
      options: { ...options, random: () => 0.5 },
      ...overrides,
    });
  }

  it('sends query, auth and JSON, and parses the JSON answer', async () => {
    await expect(client().request({ method: 'GET', path: '/things/a%2Fb', query: { q: 'x y', skip: undefined } })).resolves.toEqual({
      id: 'a/b',
      q: 'x y',
    });
    const [request] = server.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request!.query.has('skip')).toBe(false);

    await expect(client().request({ method: 'POST', path: '/things', json: { amount: 150050 } })).resolves.toEqual({
      received: { amount: 150050 },
    });
    await expect(client().request({ method: 'POST', path: '/things', form: { 'metadata[k]': 'v w' } })).resolves.toEqual({
      received: 'metadata%5Bk%5D=v+w',
    });
  });

  it('retries a GET after 5xx and 429 answers, then succeeds', async () => {
    server.failNext(1, { status: 503, body: {} });
    server.failNext(1, { status: 429, body: {}, headers: { 'retry-after': '0' } });
    await expect(client().request({ method: 'GET', path: '/things/1' })).resolves.toMatchObject({ id: '1' });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxRetries replays with the last error', async () => {
    server.failNext(10, { status: 502, body: { error: { code: 'upstream', message: 'bad gateway' } } });
    const error = await client().request({ method: 'GET', path: '/things/1' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'testpay', status: 502, code: 'upstream' });
    expect(server.requests).toHaveLength(3);
  });

  it('never replays a POST without an idempotency key, even after a 503', async () => {
    server.failNext(1, { status: 503, body: {} });
    await expect(client().request({ method: 'POST', path: '/things', json: {} })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it('replays a POST that carries an idempotency key, with the same key each time', async () => {
    server.failNext(2, { status: 500, body: {} });
    const idempotencyKey = { header: 'Idempotency-Key', value: 'charge-42' };
    await expect(client().request({ method: 'POST', path: '/things', json: { a: 1 }, idempotencyKey })).resolves.toBeDefined();
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual(['charge-42', 'charge-42', 'charge-42']);
  });

  it('replays a dropped connection for reads but reports it for unkeyed POSTs', async () => {
    server.dropNext(1);
    await expect(client().request({ method: 'GET', path: '/things/7' })).resolves.toMatchObject({ id: '7' });

    server.dropNext(1);
    const error = await client().request({ method: 'POST', path: '/things', json: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('times out a silent server with a typed error', async () => {
    const error = await client({}, { ...FAST, timeoutMs: 50, maxRetries: 0 })
      .request({ method: 'GET', path: '/slow' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
  });

  it('maps error bodies to ProviderError without leaking secrets', async () => {
    const error = (await client().request({ method: 'GET', path: '/leaky-error' }).catch((caught: unknown) => caught)) as ProviderError;
    expect(error).toMatchObject({ status: 400, code: 'bad' });
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(SECRET);
  });

  it('reads an empty 2xx body as undefined and rejects a 2xx body that is not JSON', async () => {
    server.failNext(1, { status: 200, body: undefined });
    await expect(client().request({ method: 'GET', path: '/things/1' })).resolves.toBeUndefined();

    const html = client({}, { ...FAST, fetch: async () => new Response('<html>', { status: 200 }) });
    await expect(html.request({ method: 'GET', path: '/things/1' })).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('refreshes authorization once on a 401 and replays the request', async () => {
    let token = 'stale';
    const refresh = jest.fn(() => {
      token = 'fresh';
    });
    const authenticated = client({ authorize: () => ({ authorization: `Bearer ${token}` }), refreshAuthorization: refresh });
    server.failNext(1, { status: 401, body: {} });
    await expect(authenticated.request({ method: 'POST', path: '/things', json: {} })).resolves.toBeDefined();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);

    server.failNext(2, { status: 401, body: {} });
    await expect(authenticated.request({ method: 'GET', path: '/things/1' })).rejects.toMatchObject({ status: 401 });
  });
});

function echoBody(request: FakeRequest): unknown {
  return request.headers['content-type'] === 'application/json' ? jsonBody(request) : request.rawBody.toString('utf8');
}
