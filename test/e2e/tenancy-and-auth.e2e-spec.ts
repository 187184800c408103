// Tenants, auth and isolation: registration (including concurrent and failed provisioning),
// login and refresh-token rotation with reuse detection, API keys, suspension, validation
// errors, and that one tenant's credentials never reach another tenant's data.
import { Client } from 'pg';
import request from 'supertest';
import { TenantDirectory } from '@nova/tenancy';
import { TestApp, startTestApp } from '../support/test-app';
import { CENTRAL_TEST_DB, PG_SERVER_URL, TENANT_TEST_PREFIX } from '../support/test-env';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

async function query<T extends object>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/${database}` });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('tenancy and auth', () => {
  let app: TestApp;
  let alpha: TenantSession;
  let beta: TenantSession;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    [alpha, beta] = await Promise.all([registerTenant(app), registerTenant(app)]);
  });

  afterAll(() => app?.close());

  it('gives every tenant its own migrated database on a configured server', async () => {
    const [row] = await query<{ db_name: string; db_server: string; status: string; activated_at: Date }>(CENTRAL_TEST_DB, 'SELECT db_name, db_server, status, activated_at FROM tenants WHERE id = $1', [alpha.tenantId]);
    expect(row).toMatchObject({ db_server: 'main', status: 'active' });
    expect(row!.activated_at).toBeInstanceOf(Date);
    const migrations = await query<{ migration_name: string }>(row!.db_name, 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL');
    expect(migrations.map((m) => m.migration_name)).toContain('20261121000000_init');
    const me = await alpha.asAdmin.get('/api/tenants/me').expect(200);
    expect(me.body).toMatchObject({ id: alpha.tenantId, slug: alpha.slug, status: 'active', dbServer: 'main' });
  });

  it('rejects a second registration with the same e-mail or slug with 409', async () => {
    const base = { companyName: 'Dup Co', name: 'Dup', password: 'long enough password' };
    const email = await request(app.url).post('/api/auth/register').send({ ...base, slug: 'unique-slug-1', email: alpha.email }).expect(409);
    expect(email.body.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    const slug = await request(app.url).post('/api/auth/register').send({ ...base, slug: alpha.slug, email: 'someone-new@example.test' }).expect(409);
    expect(slug.body.fields).toEqual([expect.objectContaining({ field: 'slug' })]);
  });

  it('lets exactly one of several concurrent registrations of one slug win', async () => {
    const slug = `race-${Date.now().toString(36)}`;
    const attempts = await Promise.all(
      [0, 1, 2, 3].map((i) => request(app.url).post('/api/auth/register').send({ companyName: 'Race', slug, name: 'R', email: `race${i}-${slug}@example.test`, password: 'long enough password' })),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const rows = await query(CENTRAL_TEST_DB, 'SELECT id FROM tenants WHERE slug = $1', [slug]);
    expect(rows).toHaveLength(1);
  });

  it('answers validation errors with 400 naming the field', async () => {
    const response = await request(app.url).post('/api/auth/register').send({ companyName: 'X Co', slug: 'Bad Slug!', name: 'X', email: 'not-an-email', password: 'short' }).expect(400);
    const fields = response.body.fields.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['slug', 'email', 'password']));
    const customer = await alpha.as.post('/api/customers').send({ name: 'No email' }).expect(400);
    expect(customer.body.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    const unknown = await alpha.as.post('/api/customers').send({ name: 'A', email: 'a@example.test', isAdmin: true }).expect(400);
    expect(unknown.body.message).toContain('isAdmin');
    const price = await alpha.as.post('/api/plans').send({ code: 'p1', name: 'P1' }).expect(201);
    const badPrice = await alpha.as.post(`/api/plans/${price.body.id}/prices`).send({ currency: 'XYZ', unitAmount: 12.5, interval: 'fortnight' }).expect(400);
    expect(badPrice.body.fields.map((problem: { field: string }) => problem.field)).toEqual(expect.arrayContaining(['currency', 'unitAmount', 'interval']));
  });

  it('rotates refresh tokens and revokes the whole session when a spent token is reused', async () => {
    const login = await request(app.url).post('/api/auth/login').send({ email: alpha.email, password: alpha.password }).expect(200);
    const first = login.body.refreshToken;
    const second = (await request(app.url).post('/api/auth/refresh').send({ refreshToken: first }).expect(200)).body.refreshToken;
    expect(second).not.toBe(first);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: first }).expect(401); // reuse
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: second }).expect(401); // family revoked
    await request(app.url).post('/api/auth/login').send({ email: alpha.email, password: 'wrong password!' }).expect(401);
    const third = (await request(app.url).post('/api/auth/login').send({ email: alpha.email, password: alpha.password }).expect(200)).body.refreshToken;
    await request(app.url).post('/api/auth/logout').send({ refreshToken: third }).expect(204);
    await request(app.url).post('/api/auth/refresh').send({ refreshToken: third }).expect(401);
  });

  it('manages API keys: shown once, stored hashed, listed by prefix and last four, revocable', async () => {
    const created = await alpha.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'ci', mode: 'live' }).expect(201);
    expect(created.body.secret).toMatch(/^sk_live_[A-Za-z0-9]{40}$/);
    const [stored] = await query<{ secret_hash: string }>(CENTRAL_TEST_DB, 'SELECT secret_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored!.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.secret_hash).not.toContain(created.body.secret);
    const listed = await alpha.asAdmin.get('/api/tenants/me/api-keys').expect(200);
    const entry = listed.body.data.find((key: { id: string }) => key.id === created.body.id);
    expect(entry).toMatchObject({ prefix: created.body.secret.slice(0, 12), last4: created.body.secret.slice(-4) });
    expect(entry.secret).toBeUndefined();

    const key = agent(app, created.body.secret);
    await key.get('/api/customers').expect(200);
    // API keys cannot manage API keys.
    await key.get('/api/tenants/me/api-keys').expect(403);
    await alpha.asAdmin.delete(`/api/tenants/me/api-keys/${created.body.id}`).expect(200);
    await key.get('/api/customers').expect(401);
    await agent(app, 'sk_live_notARealKeyAtAllButLongEnough1234567890').get('/api/customers').expect(401);
    await request(app.url).get('/api/customers').expect(401);
  });

  it('never lets one tenant read or change another tenant\'s data (404, not 403)', async () => {
    const customer = await alpha.as.post('/api/customers').send({ name: 'Alpha Customer', email: 'c@alpha.test' }).expect(201);
    const plan = await alpha.as.post('/api/plans').send({ code: 'iso', name: 'Iso' }).expect(201);
    const price = await alpha.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 1000, interval: 'month' }).expect(201);
    const sub = await alpha.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    const invoiceId = sub.body.firstInvoiceId;
    const product = await alpha.as.post('/api/products').send({ name: 'Alpha product' }).expect(201);

    for (const session of [beta.as, beta.asAdmin]) {
      await session.get(`/api/customers/${customer.body.id}`).expect(404);
      await session.patch(`/api/customers/${customer.body.id}`).send({ name: 'hijack' }).expect(404);
      await session.delete(`/api/customers/${customer.body.id}`).expect(404);
      await session.get(`/api/plans/${plan.body.id}`).expect(404);
      await session.patch(`/api/plans/${plan.body.id}`).send({ name: 'hijack' }).expect(404);
      await session.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'USD', unitAmount: 1, interval: 'month' }).expect(404);
      await session.get(`/api/plans/${plan.body.id}/prices`).expect(404);
      await session.get(`/api/products/${product.body.id}`).expect(404);
      await session.get(`/api/subscriptions/${sub.body.id}`).expect(404);
      await session.post(`/api/subscriptions/${sub.body.id}/cancel`).send({}).expect(404);
      await session.get(`/api/invoices/${invoiceId}`).expect(404);
      await session.get(`/api/invoices/${invoiceId}/pdf`).expect(404);
      await session.post(`/api/invoices/${invoiceId}/mark-paid`).send({}).expect(404);
      await session.post(`/api/invoices/${invoiceId}/void`).expect(404);
      await session.post(`/api/invoices/${invoiceId}/send`).send({}).expect(404);
      // Subscribing beta's own customer to alpha's price fails: the price does not exist for beta.
      const list = await session.get('/api/customers').expect(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(customer.body.id);
    }
    await beta.asAdmin.delete(`/api/tenants/me/api-keys/${(await alpha.asAdmin.get('/api/tenants/me/api-keys')).body.data[0].id}`).expect(404);
    // Alpha's data is untouched.
    const after = await alpha.as.get(`/api/customers/${customer.body.id}`).expect(200);
    expect(after.body.name).toBe('Alpha Customer');
  });

  it('pages customers with a cursor and searches by name or e-mail', async () => {
    for (let i = 0; i < 5; i++) await beta.as.post('/api/customers').send({ name: `Page Person ${i}`, email: `page${i}@beta.test` }).expect(201);
    const first = await beta.as.get('/api/customers?limit=2&search=page').expect(200);
    expect(first.body.data).toHaveLength(2);
    const second = await beta.as.get(`/api/customers?limit=2&search=page&cursor=${first.body.nextCursor}`).expect(200);
    const third = await beta.as.get(`/api/customers?limit=2&search=page&cursor=${second.body.nextCursor}`).expect(200);
    expect(third.body.data).toHaveLength(1);
    expect(third.body.nextCursor).toBeNull();
    const names = [...first.body.data, ...second.body.data, ...third.body.data].map((c: { name: string }) => c.name);
    expect(new Set(names).size).toBe(5);
    const byEmail = await beta.as.get('/api/customers?search=PAGE3@').expect(200);
    expect(byEmail.body.data.map((c: { email: string }) => c.email)).toEqual(['page3@beta.test']);
  });

  it('answers 403 on every tenant endpoint while the tenant is suspended', async () => {
    const victim = await registerTenant(app);
    await query(CENTRAL_TEST_DB, `UPDATE tenants SET status = 'suspended', suspended_at = now() WHERE id = $1`, [victim.tenantId]);
    app.api.get(TenantDirectory).invalidate(victim.tenantId);
    await victim.as.get('/api/customers').expect(403);
    await victim.asAdmin.get('/api/tenants/me').expect(403);
    await victim.asAdmin.get('/api/invoices').expect(403);
    await query(CENTRAL_TEST_DB, `UPDATE tenants SET status = 'active', suspended_at = NULL WHERE id = $1`, [victim.tenantId]);
    app.api.get(TenantDirectory).invalidate(victim.tenantId);
    await victim.as.get('/api/customers').expect(200);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const json = await request(app.url).get('/api/docs-json').expect(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/customers', '/api/invoices/{id}/pdf', '/api/subscriptions/{id}/cancel']));
    expect(json.body.components.schemas.CreateCustomerDto.required).toEqual(expect.arrayContaining(['name', 'email']));
    await request(app.url).get('/api/docs').expect(200);
  });
});

describe('failed provisioning', () => {
  it('leaves no tenant row and no database behind, and says which step failed', async () => {
    const broken = `${__dirname}/../fixtures/broken-tenant-migrations`;
    const app = await startTestApp({ worker: false, env: { TENANT_MIGRATIONS_DIR: broken } });
    const tenantDatabases = async () => (await query<{ datname: string }>('postgres', 'SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [TENANT_TEST_PREFIX])).map((db) => db.datname);
    const before = new Set(await tenantDatabases());
    try {
      const slug = `broken-${Date.now().toString(36)}`;
      const response = await request(app.url).post('/api/auth/register').send({ companyName: 'Broken', slug, name: 'B', email: `${slug}@example.test`, password: 'long enough password' }).expect(503);
      expect(response.body.message).toContain('migrate');
      expect(await query(CENTRAL_TEST_DB, 'SELECT 1 FROM tenants WHERE slug = $1', [slug])).toHaveLength(0);
      expect(await query(CENTRAL_TEST_DB, 'SELECT 1 FROM admin_users WHERE email = $1', [`${slug}@example.test`])).toHaveLength(0);
      // Databases created meanwhile (other test files run concurrently) all belong to registered tenants.
      const created = (await tenantDatabases()).filter((name) => !before.has(name));
      // Both of each tenant's databases, live and test.
      const registered = new Set((await query<{ db_name: string; test_db_name: string | null }>(CENTRAL_TEST_DB, 'SELECT db_name, test_db_name FROM tenants')).flatMap((row) => [row.db_name, row.test_db_name]));
      expect(created.filter((name) => !registered.has(name))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});


describe('several API processes', () => {
  it('stop accepting a revoked API key everywhere at once', async () => {
    const shared = { QUEUE_PREFIX: `nbtest-multi-${process.pid}` };
    const [first, second] = await Promise.all([startTestApp({ worker: false, env: shared }), startTestApp({ worker: false, env: shared })]);
    try {
      const tenant = await registerTenant(first);
      const onSecond = agent(second, tenant.apiKey);
      await onSecond.get('/api/customers').expect(200); // cached on the second process now
      const keys = await tenant.asAdmin.get('/api/tenants/me/api-keys').expect(200);
      await tenant.asAdmin.delete(`/api/tenants/me/api-keys/${keys.body.data[0].id}`).expect(200);
      const deadline = Date.now() + 3_000;
      let status = 0;
      while (Date.now() < deadline && (status = (await onSecond.get('/api/customers')).status) !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(status).toBe(401); // well before API_KEY_CACHE_TTL_MS (30 s in tests)
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
