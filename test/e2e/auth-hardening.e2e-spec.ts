// Auth hardening: tokens without an expiry, suspended tenants at login and refresh.
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import request from 'supertest';
import { TenantDirectory } from '@nova/tenancy';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
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
