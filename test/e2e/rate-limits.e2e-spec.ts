// API rate limits over HTTP: per tenant and per API key, reads and writes apart, 429 with
// Retry-After and the RateLimit headers, routes that are never limited, the switch, and a Redis
// outage (fail open).
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PrivateRedis, privateRedis } from '../support/processes';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';
import { TestApp, startTestApp } from '../support/test-app';

/** Small budgets over a minute: a burst in a test is one instant, nothing refills meanwhile (one write every 12 s). */
const LIMITS = {
  RATE_LIMIT_WINDOW_SECONDS: '60',
  RATE_LIMIT_TENANT_WRITE_MAX: '5',
  RATE_LIMIT_KEY_WRITE_MAX: '3',
  RATE_LIMIT_TENANT_READ_MAX: '10',
  RATE_LIMIT_KEY_READ_MAX: '10',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const createCustomer = (as: Agent) => {
  const unique = randomUUID().slice(0, 8);
  return as.post('/api/customers').send({ name: `Customer ${unique}`, email: `customer-${unique}@example.test` });
};

describe('API rate limits', () => {
  // Tenants are set up through an app without limits (registration itself is a write of the
  // tenant's: its first API key), so the limited app sees budgets that are whole.
  let setup: TestApp;
  let limited: TestApp;
  const apps: TestApp[] = [];
  let redis: PrivateRedis | undefined;

  beforeAll(async () => {
    setup = await startTestApp({ worker: false, env: { ...LIMITS, RATE_LIMIT_ENABLED: 'false' } });
    limited = await startTestApp({ worker: false, env: { ...LIMITS, RATE_LIMIT_ENABLED: 'true' } });
    apps.push(setup, limited);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await redis?.kill();
  });

  /** The session's credentials, sent to the limited app. */
  const on = (app: TestApp, session: TenantSession) => ({ key: agent(app, session.apiKey), admin: agent(app, session.accessToken) });

  it('refuses the 6th write of a burst with 429, Retry-After and RateLimit headers; reads and other tenants are unaffected', async () => {
    const tenant = on(limited, await registerTenant(setup));
    // An admin's JWT spends the tenant's budget only.
    for (let i = 0; i < 5; i++) {
      const created = await createCustomer(tenant.admin).expect(201);
      expect(created.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': String(4 - i), 'ratelimit-policy': '5;w=60;name="tenant-write"' });
      expect(Number(created.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(12);
    }

    const refused = await createCustomer(tenant.admin).set('X-Request-Id', 'rate-limit-test-1').expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, code: 'too_many_requests', message: expect.stringContaining("the tenant's limit is 5 per 60 s") });
    expect(refused.headers).toMatchObject({ 'x-request-id': 'rate-limit-test-1', 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-policy': '5;w=60;name="tenant-write"' });
    // One write comes back every 12 s; the whole budget a minute after the first.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(11);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(Number(refused.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(58);
    expect(Number(refused.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);

    // The refused write did not run; reads have their own budget.
    const listed = await tenant.admin.get('/api/customers').expect(200);
    expect(listed.body.data).toHaveLength(5);
    expect(listed.headers).toMatchObject({ 'ratelimit-limit': '10', 'ratelimit-remaining': '9', 'ratelimit-policy': '10;w=60;name="tenant-read"' });
    // An API key of the same tenant is refused too: the tenant's budget is spent.
    await createCustomer(tenant.key).expect(429);

    const other = on(limited, await registerTenant(setup));
    await createCustomer(other.admin).expect(201).expect('ratelimit-remaining', '4');
  });

  it("makes a tenant's API keys share its budget, and stops one key alone at its own lower limit", async () => {
    const session = await registerTenant(setup);
    const second = await request(setup.url).post('/api/tenants/me/api-keys').set('Authorization', `Bearer ${session.accessToken}`).send({ name: 'second', mode: 'test' }).expect(201);
    const tenant = on(limited, session);
    const secondKey = agent(limited, second.body.secret);

    for (let i = 0; i < 3; i++) await createCustomer(tenant.key).expect(201).expect('ratelimit-remaining', String(2 - i));
    const keyRefused = await createCustomer(tenant.key).expect(429);
    expect(keyRefused.body.message).toContain("this API key's limit is 3 per 60 s");
    expect(keyRefused.headers).toMatchObject({ 'ratelimit-limit': '3', 'ratelimit-remaining': '0', 'ratelimit-policy': '5;w=60;name="tenant-write", 3;w=60;name="key-write"' });

    // The other key still writes, until the tenant's budget (5) is spent: the refused request counted for nobody.
    const fourth = await createCustomer(secondKey).expect(201);
    expect(fourth.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '1' });
    await createCustomer(secondKey).expect(201).expect('ratelimit-remaining', '0');
    const tenantRefused = await createCustomer(secondKey).expect(429);
    expect(tenantRefused.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '0' });
    // The dashboard (JWT) shares the tenant's budget too.
    await createCustomer(tenant.admin).expect(429);
  });

  it('never limits health, webhooks or the auth endpoints', async () => {
    const tenant = await registerTenant(setup);
    const webhook = `/webhooks/paystack/${tenant.tenantId}/${randomUUID()}`;
    for (let i = 0; i < 12; i++) {
      const answers = await Promise.all([
        request(limited.url).get('/health'),
        request(limited.url).post(webhook).set('x-paystack-signature', 'not-a-signature').send({ event: 'charge.success' }),
        request(limited.url).post('/api/auth/refresh').send({ refreshToken: 'not-a-token' }),
      ]);
      for (const answer of answers) {
        expect(answer.status).not.toBe(429);
        expect(answer.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });

  it('limits nothing when RATE_LIMIT_ENABLED=false', async () => {
    const session = await registerTenant(setup);
    // Spent on the limited app…
    for (let i = 0; i < 3; i++) await createCustomer(agent(limited, session.apiKey)).expect(201);
    await createCustomer(agent(limited, session.apiKey)).expect(429);
    // …but the same small budgets, switched off, let everything through, without RateLimit headers.
    for (let i = 0; i < 8; i++) {
      const created = await createCustomer(session.as).expect(201);
      expect(created.headers['ratelimit-limit']).toBeUndefined();
    }
  });

  it('lets requests through uncounted while Redis is down, and limits again once it is back', async () => {
    redis = await privateRedis();
    const cut = await startTestApp({ worker: false, env: { ...LIMITS, RATE_LIMIT_ENABLED: 'true', REDIS_URL: redis.url } });
    apps.push(cut);
    const tenant = on(cut, await registerTenant(setup));
    await createCustomer(tenant.key).expect(201).expect('ratelimit-remaining', '2');

    await redis.kill();
    // Far past the key's budget of 3: billing goes on without the limiter.
    for (let i = 0; i < 6; i++) {
      const created = await createCustomer(tenant.key).expect(201);
      expect(created.headers['ratelimit-limit']).toBeUndefined();
    }

    // Redis restarts empty: once the limiter has reconnected, counting starts over.
    await redis.start();
    const deadline = Date.now() + 15_000;
    let answer = await tenant.key.get('/api/customers').expect(200);
    while (answer.headers['ratelimit-limit'] === undefined && Date.now() < deadline) {
      await sleep(100);
      answer = await tenant.key.get('/api/customers').expect(200);
    }
    expect(answer.headers).toMatchObject({ 'ratelimit-limit': '10' });
    for (let i = 0; i < 3; i++) await createCustomer(tenant.key).expect(201);
    await createCustomer(tenant.key).expect(429);
  });
});
