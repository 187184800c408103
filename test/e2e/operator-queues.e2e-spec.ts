// Bull Board at /admin/queues: operators only (HTTP Basic or a bearer token from configuration,
// never a tenant's credential), every queue listed, and absent when no credential is configured.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import request from 'supertest';
import { ShutdownGate } from '@nova/common';
import { QUEUES } from '@nova/queue';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const OPERATOR = { username: 'ops', password: 'a-long-operator-password' };
const OPERATOR_TOKEN = 'op-token-0123456789abcdef0123456789abcdef';
const CHALLENGE = 'Basic realm="NovaBilling operators"';

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('Bull Board for operators', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { OPERATOR_USERNAME: OPERATOR.username, OPERATOR_PASSWORD: OPERATOR.password, OPERATOR_TOKEN } });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  it('asks for the operator credential, in the API error shape, without one or with a wrong one', async () => {
    const refusals = [
      undefined,
      basic(OPERATOR.username, 'a-wrong-operator-password'),
      basic('someone-else', OPERATOR.password),
      basic(OPERATOR.username, ''),
      `Basic ${Buffer.from(OPERATOR.username).toString('base64')}`,
      `Bearer ${OPERATOR_TOKEN}x`,
      `Bearer ${OPERATOR.password}`,
      `Basic ${OPERATOR_TOKEN}`,
    ];
    for (const authorization of refusals) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const attempt = request(app.url).get(path);
        const response = await (authorization ? attempt.set('Authorization', authorization) : attempt);
        expect({ authorization, path, status: response.status }).toEqual({ authorization, path, status: 401 });
        expect(response.headers['www-authenticate']).toBe(CHALLENGE);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'unauthenticated' });
        // The API's own request hooks ran first.
        expect(response.headers['x-request-id']).toEqual(expect.any(String));
      }
    }
  });

  it('does not accept a tenant API key or a tenant admin JWT', async () => {
    for (const token of [tenant.apiKey, tenant.accessToken]) {
      const response = await request(app.url).get('/admin/queues/api/queues').set('Authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBe(CHALLENGE);
    }
    // …and the tenant's own endpoints still take them.
    await tenant.as.get('/api/customers').expect(200);
  });

  it('serves the board to an operator with HTTP Basic', async () => {
    const page = await request(app.url).get('/admin/queues').set('Authorization', basic(OPERATOR.username, OPERATOR.password)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('/admin/queues');
    expect(page.text).toContain('NovaBilling queues');
  });

  it('lists every queue of libs/queue through its JSON route, with the bearer token too', async () => {
    for (const authorization of [basic(OPERATOR.username, OPERATOR.password), `Bearer ${OPERATOR_TOKEN}`]) {
      const listing = await request(app.url).get('/admin/queues/api/queues').set('Authorization', authorization).expect(200);
      const names = (listing.body.queues as { name: string }[]).map((queue) => queue.name);
      expect(names.sort()).toEqual(Object.values(QUEUES).sort());
    }
  });

  it('acts on the real queues (pause and resume) and logs each action with the operator, never the credential', async () => {
    const logged: unknown[][] = [];
    app.api.useLogger({ log: (...entry: unknown[]) => logged.push(entry), error: () => undefined, warn: () => undefined });
    const billing = app.api.get<Queue>(getQueueToken(QUEUES.billing), { strict: false });
    const operator = basic(OPERATOR.username, OPERATOR.password);
    await request(app.url).put(`/admin/queues/api/queues/${QUEUES.billing}/pause`).set('Authorization', operator).expect(200);
    expect(await billing.isPaused()).toBe(true);
    await request(app.url).put(`/admin/queues/api/queues/${QUEUES.billing}/resume`).set('Authorization', `Bearer ${OPERATOR_TOKEN}`).expect(200);
    expect(await billing.isPaused()).toBe(false);
    // Without the credential nothing happens.
    await request(app.url).put(`/admin/queues/api/queues/${QUEUES.billing}/pause`).expect(401);
    expect(await billing.isPaused()).toBe(false);
    await request(app.url).get('/admin/queues/api/queues').set('Authorization', operator).expect(200);

    // Logged once the response has gone out.
    const actions = () => logged.filter(([, message]) => message === 'Operator action on the queues').map(([fields]) => fields);
    for (let waited = 0; actions().length < 2 && waited < 2_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(actions()).toEqual([
      expect.objectContaining({ method: 'PUT', path: `/admin/queues/api/queues/${QUEUES.billing}/pause`, operator: OPERATOR.username, statusCode: 200, requestId: expect.any(String) }),
      expect.objectContaining({ method: 'PUT', path: `/admin/queues/api/queues/${QUEUES.billing}/resume`, operator: 'operator-token', statusCode: 200 }),
    ]);
    const everything = JSON.stringify(logged);
    for (const secret of [OPERATOR.password, OPERATOR_TOKEN, Buffer.from(`${OPERATOR.username}:${OPERATOR.password}`).toString('base64')]) expect(everything).not.toContain(secret);
  });

  it('stays out of the OpenAPI document', async () => {
    const spec = await request(app.url).get('/api/docs-json').expect(200);
    expect(Object.keys(spec.body.paths).filter((path) => path.startsWith('/admin'))).toEqual([]);
  });

  // Last: the gate stays closed for the rest of this app's life.
  it('answers 503 like every route once the API is shutting down', async () => {
    app.api.get(ShutdownGate).drain();
    const response = await request(app.url).get('/admin/queues').set('Authorization', basic(OPERATOR.username, OPERATOR.password));
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('shutting_down');
  });
});

describe('Bull Board without an operator credential', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });

  afterAll(() => app?.close());

  it('is not mounted at all', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await request(app.url).get(path).set('Authorization', basic(OPERATOR.username, OPERATOR.password));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.headers['www-authenticate']).toBeUndefined();
    }
  });
});
