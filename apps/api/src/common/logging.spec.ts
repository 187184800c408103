import { Writable } from 'node:stream';
import { CLS_ID, ClsServiceManager } from 'nestjs-cls';
import type { Logger } from 'pino';
import { LoggingConfig } from '@nova/config';
import { loggerOptions, requestLogFields, responseLogFields } from './logging';

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

describe('the API logger', () => {
  function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
    let text = '';
    const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
    const { pinoHttp } = loggerOptions(new LoggingConfig('info', 'json', true), destination as never);
    const lines = () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    return { logger: (pinoHttp as { logger: Logger }).logger, lines };
  }

  it('stamps every line logged while serving a request with its id, and no other line', () => {
    const { logger, lines } = capturedLogger();
    const cls = ClsServiceManager.getClsService();
    cls.run(() => {
      cls.set(CLS_ID, 'req-42');
      logger.info({ step: 'inside' }, 'in the request');
    });
    logger.info({ step: 'outside' }, 'between requests');
    expect(lines()).toEqual([expect.objectContaining({ step: 'inside', reqId: 'req-42' }), expect.not.objectContaining({ reqId: expect.anything() })]);
  });

  it('still redacts credentials on the lines it writes', () => {
    const { logger, lines } = capturedLogger();
    logger.info({ body: { password: 'hunter2', email: 'ada@example.test' } }, 'a body');
    expect(lines()[0]).toMatchObject({ body: { password: '[redacted]', email: 'ada@example.test' } });
  });
});
