// A database that cannot be reached is the service being unavailable, not a bug: 503 with
// Retry-After, from the readiness probe and from every API call, whether the central database
// (the tenant registry) or a tenant's own database is down.
import request from 'supertest';
import { TestApp, startTestApp } from '../support/test-app';
import { PG_SERVER_URL } from '../support/test-env';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

const DEAD_SERVER = 'postgresql://postgres@127.0.0.1:1';

function expectUnavailable(response: request.Response): void {
  expect(response.status).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

describe('database outage', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers 503 with Retry-After when the central database is unreachable', async () => {
    const cut = await startTestApp({ worker: false, env: { CENTRAL_DATABASE_URL: `${DEAD_SERVER}/central` } });
    try {
      const ready = await request(cut.url).get('/health/ready');
      expectUnavailable(ready);
      expect(ready.body.components).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'central-db', ok: false })]));
      await request(cut.url).get('/health').expect(200);

      const apiCall = await agent(cut, tenant.apiKey).get('/api/customers');
      expectUnavailable(apiCall);
      expect(apiCall.body).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
      expectUnavailable(await request(cut.url).post('/api/auth/login').send({ email: tenant.email, password: tenant.password }));
    } finally {
      await cut.close();
    }
  });

  it("answers 503 with Retry-After when a tenant's database server is unreachable; readiness names the server", async () => {
    // Same registry, but the server holding the tenant's databases (live and test) is gone.
    const cut = await startTestApp({ worker: false, env: { TENANT_DB_SERVERS: `main=${DEAD_SERVER}` } });
    try {
      const ready = await request(cut.url).get('/health/ready');
      expectUnavailable(ready);
      expect(ready.body.status).toBe('unavailable');
      expect(ready.body.components).toEqual(expect.arrayContaining([
        expect.objectContaining({ name: 'tenant-db-server:main', ok: false, error: expect.any(String) }),
        expect.objectContaining({ name: 'central-db', ok: true }),
      ]));
      const testMode = await agent(cut, tenant.accessToken, { 'Nova-Mode': 'test' }).get('/api/customers');
      expectUnavailable(testMode);
      const asTenant = agent(cut, tenant.apiKey);
      for (const response of [await asTenant.get('/api/customers'), await asTenant.post('/api/customers').send({ name: 'Down', email: 'down@example.test' }), await agent(cut, tenant.accessToken).get('/api/invoices')]) {
        expectUnavailable(response);
        expect(response.body.code).toBe('service_unavailable');
      }
    } finally {
      await cut.close();
    }
    // The same tenant on a healthy server is served as before.
    await tenant.as.get('/api/customers').expect(200);
    expect((await request(app.url).get('/health/ready').expect(200)).body.components).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'tenant-db-server:main', ok: true })]));
  });

  it('readiness checks every configured tenant database server and names only the failing one', async () => {
    const cut = await startTestApp({ worker: false, env: { TENANT_DB_SERVERS: `main=${PG_SERVER_URL},eu=${DEAD_SERVER}`, TENANT_DB_DEFAULT_SERVER: 'main' } });
    try {
      const ready = await request(cut.url).get('/health/ready');
      expectUnavailable(ready);
      const failing = (ready.body.components as { name: string; ok: boolean }[]).filter((component) => !component.ok).map((component) => component.name);
      expect(failing).toEqual(['tenant-db-server:eu']);
      // Tenants on the healthy server are still served.
      await agent(cut, tenant.apiKey).get('/api/customers').expect(200);
    } finally {
      await cut.close();
    }
  });
});
