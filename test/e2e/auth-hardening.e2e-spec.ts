// Auth hardening: tokens without an expiry, suspended tenants at login and refresh, throttling
// per IP and per account shared by API replicas, the growing lockout and its e-mail, and what a
// Redis outage does to login.
import { JwtService } from '@nestjs/jwt';
import { AddressInfo, Server, Socket, connect, createServer } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { TenantDirectory } from '@nova/tenancy';
import { ParsedMessage, SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL, REDIS_TEST_URL } from '../support/test-env';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

async function central(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

describe('auth hardening', () => {
  let app: TestApp;
  let tenant: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app);
  });

  afterAll(() => app?.close());

  it('refuses an access token signed with the real secret but without exp', async () => {
    const jwt = app.api.get(JwtService, { strict: false });
    const me = await tenant.asAdmin.get('/api/tenants/me').expect(200);
    const owner = JSON.parse(Buffer.from(tenant.accessToken.split('.')[1]!, 'base64url').toString());
    expect(typeof owner.exp).toBe('number'); // what we issue carries one
    const forever = jwt.sign({ sub: owner.sub, tid: me.body.id, role: owner.role }, { secret: app.config.auth.jwtSecret, algorithm: 'HS256' });
    expect(JSON.parse(Buffer.from(forever.split('.')[1]!, 'base64url').toString()).exp).toBeUndefined();
    const refused = await agent(app, forever).get('/api/tenants/me').expect(401);
    expect(refused.body.code).toBe('unauthenticated');
    // The same claims with an expiry are fine: it is the missing exp that is refused.
    const bounded = jwt.sign({ sub: owner.sub, tid: me.body.id, role: owner.role }, { secret: app.config.auth.jwtSecret, algorithm: 'HS256', expiresIn: 60 });
    await agent(app, bounded).get('/api/tenants/me').expect(200);
  });

  it('refuses short, blank and common passwords at registration with 400 naming password and the reason', async () => {
    const register = (password: string) =>
      request(app.url).post('/api/auth/register').send({ companyName: 'Weak Co', slug: `weak-${Date.now().toString(36)}`, name: 'W', email: `weak-${Date.now().toString(36)}@example.test`, password });
    const cases: [password: string, reason: string][] = [
      ['1234567890', 'password is too common; choose one that is harder to guess'],
      ['password12', 'password is too common; choose one that is harder to guess'],
      ['PassWord12', 'password is too common; choose one that is harder to guess'],
      [' '.repeat(10), 'password must not be only spaces'],
      ['nine char', 'password must be at least 10 characters'],
      ['🔑🔑🔑🔑🔑', 'password must be at least 10 characters'],
    ];
    for (const [password, reason] of cases) {
      const response = await register(password).expect(400);
      expect([password, response.body.fields]).toEqual([password, [{ field: 'password', message: reason }]]);
    }
    const email = `strong-${Date.now().toString(36)}@example.test`;
    await request(app.url).post('/api/auth/register').send({ companyName: 'Strong Co', slug: `strong-${Date.now().toString(36)}`, name: 'S', email, password: 'Tsavo-lions-1898!' }).expect(201);
  });

  it('answers login and refresh of a suspended tenant with the suspension\'s 403, without spending the refresh token', async () => {
    const victim = await registerTenant(app);
    const directory = app.api.get(TenantDirectory);
    await central(`UPDATE tenants SET status = 'suspended', suspended_at = now() WHERE id = $1`, [victim.tenantId]);
    directory.invalidate(victim.tenantId);
    try {
      const login = await request(app.url).post('/api/auth/login').send({ email: victim.email, password: victim.password }).expect(403);
      expect(login.body.code).toBe('tenant_suspended');
      const refresh = await request(app.url).post('/api/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(403);
      expect(refresh.body.code).toBe('tenant_suspended');
      const guarded = await victim.asAdmin.get('/api/tenants/me').expect(403);
      expect(guarded.body).toEqual(login.body);
      // A wrong password still gets the plain 401: the suspension is not revealed to guessers.
      await request(app.url).post('/api/auth/login').send({ email: victim.email, password: 'not the password at all' }).expect(401);
    } finally {
      await central(`UPDATE tenants SET status = 'active', suspended_at = NULL WHERE id = $1`, [victim.tenantId]);
      directory.invalidate(victim.tenantId);
    }
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
    await request(app.url).post('/api/auth/login').send({ email: victim.email, password: victim.password }).expect(200);
  });
});

// Small numbers and short windows so the rules can be watched in seconds.
const THROTTLE_ENV = {
  AUTH_THROTTLE_WINDOW_SECONDS: '5',
  AUTH_THROTTLE_IP_MAX: '5',
  AUTH_THROTTLE_ACCOUNT_MAX: '12',
  AUTH_THROTTLE_REFRESH_IP_MAX: '3',
  AUTH_LOCKOUT_THRESHOLD: '3',
  AUTH_LOCKOUT_BASE_SECONDS: '2',
  AUTH_LOCKOUT_MAX_SECONDS: '4',
};

let ipCounter = 0;
/** A fresh client address per use (the API trusts X-Forwarded-For), so tests don't share an IP's budget. */
const freshIp = () => `198.51.100.${++ipCounter}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('auth throttling and lockout', () => {
  let smtp: SmtpSink;
  let app: TestApp;
  let replica: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    const env = { ...THROTTLE_ENV, SMTP_PORT: String(smtp.port), QUEUE_PREFIX: `nbtest-throttle-${process.pid}-${Date.now().toString(36)}` };
    [app, replica] = await Promise.all([startTestApp({ env }), startTestApp({ env, worker: false })]);
  });

  afterAll(async () => {
    await Promise.all([app?.close(), replica?.close()]);
    await smtp?.close();
  });

  const login = (target: TestApp, ip: string, email: string, password: string) =>
    request(target.url).post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  it('limits login and registration attempts per client IP, counted once across API replicas, with 429 and Retry-After', async () => {
    const taken = await registerTenant(app);
    const ip = freshIp();
    // Registration spends the same budget as login (it accepts a password too); with a taken
    // e-mail it answers 409 without hashing, so seven attempts are quick.
    const register = (target: TestApp) =>
      request(target.url).post('/api/auth/register').set('X-Forwarded-For', ip).send({ companyName: 'Flood', slug: `flood-${ipCounter}`, name: 'F', email: taken.email, password: 'long enough password' });
    // Seven at once, spread over two replicas: exactly the five the window allows get through.
    const attempts = await Promise.all(Array.from({ length: 7 }, (_, i) => register(i % 2 ? replica : app)));
    expect(attempts.map((r) => r.status).sort()).toEqual([409, 409, 409, 409, 409, 429, 429]);
    const refused = attempts.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(5);
    await login(app, ip, taken.email, taken.password).expect(429);
    // Another address is not affected, and the window passes.
    await login(app, freshIp(), 'nobody@example.test', 'some wrong password').expect(401);
    await sleep(Number(refused.headers['retry-after']) * 1000 + 100);
    await login(app, ip, 'nobody-again@example.test', 'some wrong password').expect(401);
  });

  it('limits refresh and logout calls per client IP', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const path = i % 2 ? '/api/auth/logout' : '/api/auth/refresh';
      statuses.push((await request(app.url).post(path).set('X-Forwarded-For', ip).send({ refreshToken: `not-a-real-refresh-token-${i}` })).status);
    }
    expect(statuses).toEqual([401, 204, 401, 429]);
  });

  it('limits login attempts per account whatever the IP, even with the right password', async () => {
    const owner = await registerTenant(app);
    const attempts = await Promise.all(Array.from({ length: 14 }, (_, i) => login(i % 2 ? replica : app, freshIp(), owner.email, owner.password)));
    expect(attempts.map((r) => r.status).sort()).toEqual([...Array(12).fill(200), 429, 429]);
  });

  it('locks an account after repeated wrong passwords, longer each time, refuses the right password meanwhile, e-mails the owner once, and forgets on success', async () => {
    const owner = await registerTenant(app);
    for (let i = 0; i < 3; i++) await login(app, freshIp(), owner.email, `wrong password ${i}`).expect(401);
    const locked = await login(replica, freshIp(), owner.email, owner.password).expect(429);
    expect(locked.body.code).toBe('too_many_requests');
    const firstLock = Number(locked.headers['retry-after']);
    expect([1, 2]).toContain(firstLock);

    // The owner also gets the signup's verification e-mail: the lockout notice is the one about the lock.
    const lockNotice = (message: ParsedMessage) => message.envelope.rcptTo.includes(owner.email) && /locked/.test(message.subject ?? '');
    const notice = await smtp.waitFor(lockNotice, 10_000);
    expect(notice.subject).toContain('locked');
    expect(notice.text).toContain('locked for 2 seconds');

    // The lock ran out; one more wrong password locks again at once, for twice as long.
    await sleep(firstLock * 1000 + 100);
    await login(app, freshIp(), owner.email, 'wrong password again').expect(401);
    const longer = await login(app, freshIp(), owner.email, owner.password).expect(429);
    const secondLock = Number(longer.headers['retry-after']);
    expect([3, 4]).toContain(secondLock);
    await sleep(secondLock * 1000 + 100);
    await login(app, freshIp(), owner.email, owner.password).expect(200);
    // A success forgets the failures: two wrong passwords lock nothing now.
    await login(app, freshIp(), owner.email, 'wrong password once').expect(401);
    await login(app, freshIp(), owner.email, 'wrong password twice').expect(401);
    await login(app, freshIp(), owner.email, owner.password).expect(200);
    expect(smtp.messages.filter(lockNotice)).toHaveLength(1);
  });

  it('answers an unknown e-mail exactly like a known one, and e-mails no one', async () => {
    const known = await registerTenant(app);
    const unknown = `ghost-${Date.now().toString(36)}@example.test`;
    const answers = async (email: string) => {
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = await login(app, freshIp(), email, `wrong password ${i}`);
        statuses.push(last.status);
      }
      return { statuses, code: last!.body.code, retryAfter: Number(last!.headers['retry-after']) };
    };
    const [forKnown, forUnknown] = await Promise.all([answers(known.email), answers(unknown)]);
    expect(forKnown).toEqual({ statuses: [401, 401, 401, 429], code: 'too_many_requests', retryAfter: expect.any(Number) });
    expect(forUnknown).toEqual({ ...forKnown, retryAfter: expect.any(Number) });
    for (const { retryAfter } of [forKnown, forUnknown]) expect([1, 2]).toContain(retryAfter);
    await sleep(500);
    expect(smtp.messages.filter((message) => message.envelope.rcptTo.includes(unknown))).toHaveLength(0);
  });
});

describe('client IPs behind an untrusted X-Forwarded-For', () => {
  it('are not taken from the header when TRUST_PROXY=false, so rotating it does not escape the per-IP limit', async () => {
    const app = await startTestApp({ worker: false, env: { TRUST_PROXY: 'false', AUTH_THROTTLE_IP_MAX: '2' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await request(app.url).post('/api/auth/login').set('X-Forwarded-For', freshIp()).send({ email: `rotating-${i}@example.test`, password: 'some wrong password' })).status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await app.close();
    }
  });
});

/** A TCP proxy in front of the test Redis that can be cut and restored on the same port: an outage the app cannot tell from a real one. */
async function redisProxy(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const target = new URL(REDIS_TEST_URL);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server!.close(() => resolve());
    });
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}

describe('auth throttling while Redis is down', () => {
  it('answers login with 503 rather than letting guesses through unthrottled, and recovers with Redis', async () => {
    const proxy = await redisProxy();
    const app = await startTestApp({ worker: false, env: { REDIS_URL: proxy.url } });
    const attempt = () => request(app.url).post('/api/auth/login').send({ email: 'anyone@example.test', password: 'whatever password' });
    try {
      await attempt().expect(401);
      await proxy.cut();
      const started = Date.now();
      const response = await attempt().set('X-Request-Id', 'login-while-redis-down').expect(503);
      expect(response.body.code).toBe('service_unavailable');
      expect(response.headers['x-request-id']).toBe('login-while-redis-down'); // an error answer of the filter carries it too
      expect(Date.now() - started).toBeLessThan(5_000);
      await proxy.restore();
      const deadline = Date.now() + 10_000;
      let status = 0;
      while (Date.now() < deadline && (status = (await attempt()).status) !== 401) await sleep(200);
      expect(status).toBe(401);
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
