// The permission matrix at the HTTP edge: a viewer reads but every write is refused, a member
// works day to day but gets no money-out or tenant administration, and a read-only API key reads
// but is refused any write with a 403 naming its scope.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { TokenService } from '../../apps/api/src/auth/token.service';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';

describe('team access: roles and API key scopes', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let viewer: Agent;
  let member: Agent;

  // No endpoint invites users yet: a row and a token of their own per role.
  async function userWithRole(role: 'viewer' | 'member' | 'admin'): Promise<Agent> {
    const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
    await central.connect();
    const id = randomUUID();
    try {
      await central.query(`INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4::text, 'not-a-hash', $4::text::"AdminRole")`, [
        id,
        tenant.tenantId,
        `${role}-${id.slice(0, 8)}@example.test`,
        role,
      ]);
    } finally {
      await central.end();
    }
    return agent(app, (await app.api.get(TokenService).issue({ id, tenantId: tenant.tenantId, role })).accessToken);
  }

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await registerTenant(app);
    viewer = await userWithRole('viewer');
    member = await userWithRole('member');
  });

  afterAll(() => app?.close());

  it('a viewer reads, and is refused every write', async () => {
    await tenant.as.post('/api/customers').send({ name: 'Ada', email: 'ada@example.test', currency: 'USD' }).expect(201);
    expect((await viewer.get('/api/customers').expect(200)).body.data).toHaveLength(1);
    await viewer.get('/api/tenants/me').expect(200);

    const refused = await viewer.post('/api/customers').send({ name: 'Bo', email: 'bo@example.test', currency: 'USD' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/owner, admin, member/) });
    await viewer.patch('/api/tenants/me').send({ name: 'Renamed' }).expect(403);
    await viewer.post(`/api/invoices/${randomUUID()}/void`).expect(403);
    expect((await tenant.as.get('/api/customers').expect(200)).body.data).toHaveLength(1);
    expect((await viewer.get('/api/tenants/me').expect(200)).body.name).not.toBe('Renamed');
  });

  it('a member writes day-to-day billing but is refused refunds, voids and tenant administration', async () => {
    await member.post('/api/customers').send({ name: 'Cy', email: 'cy@example.test', currency: 'USD' }).expect(201);
    // The guard refuses before any lookup: the same 403 whether or not the record exists.
    expect((await member.post(`/api/payments/${randomUUID()}/refund`).send({ amount: 100 }).expect(403)).body.message).toMatch(/owner, admin$/);
    await member.post(`/api/invoices/${randomUUID()}/void`).expect(403);
    await member.post('/api/tenants/me/api-keys').send({ name: 'mine' }).expect(403);
    await member.get('/api/payment-providers').expect(403);
    await member.patch('/api/tenants/me').send({ name: 'Renamed' }).expect(403);
  });

  it('every money-out endpoint, tried by each role and key scope: owner, admin and full keys pass the guard; member, viewer and read-only keys get 403', async () => {
    const id = randomUUID();
    // The money-out operations as the API documents them (MoneyOut's 403 description), so a new one is not missed.
    const doc = (await tenant.as.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.entries(methods).filter(([, operation]) => /Moves or writes off money/.test(operation.responses?.['403']?.description ?? '')).map(([method]) => `${method.toUpperCase()} ${path}`))
      .sort();
    const calls: Record<string, { path: string; body: object }> = {
      'POST /api/invoices/{id}/mark-paid': { path: `/api/invoices/${id}/mark-paid`, body: { reference: 'roles' } },
      'POST /api/invoices/{id}/void': { path: `/api/invoices/${id}/void`, body: {} },
      'POST /api/credit-notes': { path: '/api/credit-notes', body: { invoiceId: id, amount: 100, reason: 'other' } },
      'POST /api/credit-notes/{id}/void': { path: `/api/credit-notes/${id}/void`, body: {} },
      'POST /api/customers/{id}/balance-transactions': { path: `/api/customers/${id}/balance-transactions`, body: { amount: 100, currency: 'USD', reason: 'roles' } },
      'POST /api/payments': { path: '/api/payments', body: { customerId: id, amount: 100, currency: 'USD', method: 'cash', reference: 'roles', receivedAt: new Date().toISOString(), allocate: 'oldest_first' } },
      'POST /api/payments/{id}/refund': { path: `/api/payments/${id}/refund`, body: { amount: 100 } },
    };
    expect(Object.keys(calls).sort()).toEqual(documented);

    const admin = await userWithRole('admin');
    const readOnlyKey = agent(app, (await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'read only', scope: 'read_only' }).expect(201)).body.secret);
    const allowed: Record<string, Agent> = { owner: tenant.asAdmin, admin, 'full key': tenant.as };
    const refused: Record<string, Agent> = { member, viewer, 'read-only key': readOnlyKey };
    const outcomes: string[] = [];
    for (const [operation, { path, body }] of Object.entries(calls)) {
      for (const [who, as] of Object.entries(allowed)) {
        // Past the guard the use case answers: the record does not exist (404), never 403.
        const response = await as.post(path).send(body);
        outcomes.push(`${operation} ${who} ${response.status}`);
        expect({ operation, who, status: response.status }).toEqual({ operation, who, status: 404 });
      }
      for (const [who, as] of Object.entries(refused)) {
        const response = await as.post(path).send(body);
        expect({ operation, who, status: response.status, code: response.body.code }).toEqual({ operation, who, status: 403, code: 'forbidden' });
      }
    }
    expect(outcomes).toHaveLength(Object.keys(calls).length * 3);
    // The team test below counts the users: the admin made here leaves.
    const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
    await central.connect();
    await central.query(`DELETE FROM admin_users WHERE tenant_id = $1 AND role = 'admin' AND email LIKE 'admin-%'`, [tenant.tenantId]).finally(() => central.end());
  });

  it('a read-only API key reads; any write is refused with a 403 naming its scope', async () => {
    const created = await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'Dashboard', mode: 'test', scope: 'read_only' }).expect(201);
    expect(created.body).toMatchObject({ scope: 'read_only', mode: 'test' });
    const readOnly = agent(app, created.body.secret);

    await readOnly.get('/api/customers').expect(200);
    const refused = await readOnly.post('/api/customers').send({ name: 'Di', email: 'di@example.test', currency: 'USD' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', message: expect.stringContaining('read_only scope') });
    expect((await readOnly.post(`/api/payments/${randomUUID()}/refund`).send({ amount: 100 }).expect(403)).body.message).toContain('read_only');

    // A key made without a scope is full, as every key was before scopes existed.
    const full = await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'Server' }).expect(201);
    expect(full.body.scope).toBe('full');
    await agent(app, full.body.secret).post('/api/customers').send({ name: 'Ed', email: 'ed@example.test', currency: 'USD' }).expect(201);
    const listed = await tenant.asAdmin.get('/api/tenants/me/api-keys').expect(200);
    expect(listed.body.data.map((key: { scope: string }) => key.scope)).toEqual(expect.arrayContaining(['full', 'read_only']));
  });

  it('any role changes its own password with the current one; every session is revoked', async () => {
    await viewer.post('/api/account/password').send({ currentPassword: 'x', newPassword: 'another horse battery' }).expect(400);
    await tenant.as.post('/api/account/password').send({ currentPassword: tenant.password, newPassword: 'another horse battery' }).expect(403);
    const wrong = await tenant.asAdmin.post('/api/account/password').send({ currentPassword: 'not the password', newPassword: 'another horse battery' }).expect(400);
    expect(wrong.body.fields).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    const weak = await tenant.asAdmin.post('/api/account/password').send({ currentPassword: tenant.password, newPassword: 'short' }).expect(400);
    expect(weak.body.fields).toEqual([expect.objectContaining({ field: 'newPassword' })]);

    await tenant.asAdmin.post('/api/account/password').send({ currentPassword: tenant.password, newPassword: 'another horse battery' }).expect(204);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: tenant.refreshToken }).expect(401);
    await request(app.url).post('/api/auth/login').send({ email: tenant.email, password: tenant.password }).expect(401);
    await request(app.url).post('/api/auth/login').send({ email: tenant.email, password: 'another horse battery' }).expect(200);
  });

  it('team: list, change a role, remove a user; the last owner stays; admins cannot touch ownership', async () => {
    const other = await registerTenant(app);
    const team = (await other.asAdmin.get('/api/tenants/me/users').expect(200)).body.data as { id: string; role: string; email: string }[];
    expect(team).toEqual([expect.objectContaining({ role: 'owner', email: other.email })]);
    const ownerId = team[0]!.id;
    // Another tenant's user is not found, not changeable.
    await tenant.asAdmin.delete(`/api/tenants/me/users/${ownerId}`).expect(404);
    await other.asAdmin.get('/api/tenants/me/users').expect(200);

    const last = await other.asAdmin.delete(`/api/tenants/me/users/${ownerId}`).expect(409);
    expect(last.body.fields).toEqual([expect.objectContaining({ field: 'role' })]);
    await other.asAdmin.patch(`/api/tenants/me/users/${ownerId}`).send({ role: 'admin' }).expect(409);
    await other.asAdmin.patch(`/api/tenants/me/users/${ownerId}`).send({ role: 'boss' }).expect(400);

    // In the first tenant: the owner makes the viewer an admin, then the member a viewer, then removes them.
    const users = (await tenant.asAdmin.get('/api/tenants/me/users').expect(200)).body.data as { id: string; role: string }[];
    const viewerId = users.find((user) => user.role === 'viewer')!.id;
    const memberId = users.find((user) => user.role === 'member')!.id;
    const ownerOfFirst = users.find((user) => user.role === 'owner')!.id;
    await viewer.patch(`/api/tenants/me/users/${memberId}`).send({ role: 'viewer' }).expect(403);
    await member.delete(`/api/tenants/me/users/${viewerId}`).expect(403);
    expect((await tenant.asAdmin.patch(`/api/tenants/me/users/${viewerId}`).send({ role: 'admin' }).expect(200)).body.role).toBe('admin');
    // An admin (the promoted viewer, with a token carrying the new role) manages members but not the owner.
    const promoted = agent(app, (await app.api.get(TokenService).issue({ id: viewerId, tenantId: tenant.tenantId, role: 'admin' })).accessToken);
    expect((await promoted.patch(`/api/tenants/me/users/${memberId}`).send({ role: 'viewer' }).expect(200)).body.role).toBe('viewer');
    await promoted.patch(`/api/tenants/me/users/${memberId}`).send({ role: 'owner' }).expect(403);
    await promoted.delete(`/api/tenants/me/users/${ownerOfFirst}`).expect(403);
    await promoted.delete(`/api/tenants/me/users/${memberId}`).expect(204);
    const after = (await tenant.asAdmin.get('/api/tenants/me/users').expect(200)).body.data as { id: string }[];
    expect(after.map((user) => user.id)).not.toContain(memberId);
    expect(after).toHaveLength(2);
  });

  it('sessions: a user lists their live logins and revokes one; others\' sessions are not theirs', async () => {
    const own = await registerTenant(app);
    const second = (await request(app.url).post('/api/auth/login').set('User-Agent', 'second-device').send({ email: own.email, password: own.password }).expect(200)).body;
    const listed = (await own.asAdmin.get('/api/account/sessions').expect(200)).body.data as { id: string; userAgent: string | null }[];
    expect(listed).toHaveLength(2);
    expect(listed[0]!.userAgent).toBe('second-device');

    await tenant.asAdmin.delete(`/api/account/sessions/${listed[0]!.id}`).expect(404);
    await own.as.get('/api/account/sessions').expect(403);
    await own.asAdmin.delete(`/api/account/sessions/${listed[0]!.id}`).expect(204);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: own.refreshToken }).expect(200);
    expect((await own.asAdmin.get('/api/account/sessions').expect(200)).body.data.map((session: { id: string }) => session.id)).toEqual([listed[1]!.id]);
  });
});
