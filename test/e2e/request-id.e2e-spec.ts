// X-Request-Id on every answer (issue 11), not only on the happy path: unknown routes, refused
// input (DTO validation and a body that is not JSON), a refused scrape of /metrics, operational
// routes, and the 503 of a draining API. (A 503 from the error filter: auth-hardening's Redis outage.)
import request from 'supertest';
import { ShutdownGate } from '@nova/common';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('X-Request-Id on every answer', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { METRICS_TOKEN: 'metrics-token-for-request-ids' } });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  it('is on 2xx, 4xx of every kind, and keeps a valid incoming id', async () => {
    const answers = [
      await request(app.url).get('/health').expect(200),
      await request(app.url).get('/no-such-page').expect(404),
      await tenant.as.get('/api/customers/00000000-0000-4000-8000-000000000000').expect(404),
      await tenant.as.get('/api/customers/not-a-uuid').expect(400),
      await tenant.as.post('/api/customers').send({ name: 'No e-mail', email: 'not an address' }).expect(400),
      await tenant.as.post('/api/customers').set('Content-Type', 'application/json').send('{"name": "cut off').expect(400),
      await tenant.as.get('/api/customers').query({ limit: 1000 }).expect(400),
      await request(app.url).get('/api/customers').expect(401),
      await request(app.url).get('/metrics').expect(401),
    ];
    for (const answer of answers) expect(`${answer.status} ${answer.headers['x-request-id']}`).toMatch(new RegExp(`^${answer.status} ${UUID.source.slice(1, -1)}$`));
    expect(new Set(answers.map((answer) => answer.headers['x-request-id'])).size).toBe(answers.length);

    const refused = await tenant.as.post('/api/customers').set('X-Request-Id', 'client-trace-42').send({ name: '' }).expect(400);
    expect(refused.headers['x-request-id']).toBe('client-trace-42');
  });

  it('is on the 503 of a draining API', async () => {
    app.api.get(ShutdownGate).drain();
    const draining = await request(app.url).get('/api/customers').set('X-Request-Id', 'during-shutdown-1').expect(503);
    expect(draining.headers['x-request-id']).toBe('during-shutdown-1');
    expect((await request(app.url).get('/health/ready').expect(503)).headers['x-request-id']).toMatch(UUID);
  });
});
