// The API's request lines as an operator's log collector sees them: one JSON line per answer on
// stdout of the real process, with the request's id, method, URL and status, and no credential.
import { AppProcess, startApiProcess, stopProcess } from '../support/processes';
import { TestApp, startTestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';
import { registerTenant } from '../support/tenant-session';

describe('request log lines', () => {
  let setup: TestApp;
  let api: (AppProcess & { url: string }) | undefined;

  beforeAll(async () => {
    setup = await startTestApp({ worker: false });
    api = await startApiProcess({ ...testEnv(), LOG_REQUESTS: 'true', LOG_FORMAT: 'json' });
  });

  afterAll(async () => {
    await stopProcess(api);
    await setup?.close();
  });

  const lineOf = (requestId: string) => api!.waitForLog((line) => (line.req as { id?: string } | undefined)?.id === requestId && line.res !== undefined);

  it('one info line per answer, with the request id, method, URL, client, status and duration; never the API key', async () => {
    const tenant = await registerTenant(setup);
    const answer = await fetch(`${api!.url}/api/customers?limit=2`, { headers: { authorization: `Bearer ${tenant.apiKey}`, 'x-request-id': 'log-line-ok', 'user-agent': 'log-test/1' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('log-line-ok');

    const line = await lineOf('log-line-ok');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'log-line-ok', method: 'GET', url: '/api/customers?limit=2', remoteAddress: '127.0.0.1', headers: { 'user-agent': 'log-test/1' } },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(api!.logs)).not.toContain(tenant.apiKey);
  });

  it('a refused request is logged with its 4xx status; its body (a password here) is not', async () => {
    const answer = await fetch(`${api!.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-line-refused' },
      body: JSON.stringify({ email: 'nobody@example.test', password: 'the-secret-password' }),
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const line = await lineOf('log-line-refused');
    expect(line).toMatchObject({ level: 30, req: { method: 'POST', url: '/api/auth/login' }, res: { statusCode: answer.status } });
    expect(JSON.stringify(api!.logs)).not.toContain('the-secret-password');
  });

  it('an unknown route gets its line too (404s are where scanners show up)', async () => {
    const answer = await fetch(`${api!.url}/api/no-such-thing`, { headers: { 'x-request-id': 'log-line-404' } });
    expect(answer.status).toBe(404);
    expect(await lineOf('log-line-404')).toMatchObject({ res: { statusCode: 404 }, req: { url: '/api/no-such-thing' } });
  });
});
