import { requestLogFields, responseLogFields } from './logging';

describe('request log lines', () => {
  it('keep the request id, method, URL, client and a few plain headers', () => {
    const request = {
      id: 'req-1',
      method: 'POST',
      url: '/api/customers?limit=20',
      query: { limit: '20' },
      params: {},
      remoteAddress: '127.0.0.1',
      remotePort: 50_000,
      headers: { 'user-agent': 'curl/8', 'content-type': 'application/json', 'content-length': '42', authorization: 'Bearer sk_live_secret', cookie: 'session=1', 'x-paystack-signature': 'abc', 'idempotency-key': 'k-1' },
    };
    expect(requestLogFields(request)).toEqual({ id: 'req-1', method: 'POST', url: '/api/customers?limit=20', remoteAddress: '127.0.0.1', headers: { 'user-agent': 'curl/8', 'content-type': 'application/json', 'content-length': '42' } });
    expect(JSON.stringify(requestLogFields(request))).not.toMatch(/secret|session|abc/);
  });

  it('keep the status of the answer', () => {
    expect(responseLogFields({ statusCode: 201 })).toEqual({ statusCode: 201 });
  });
});
