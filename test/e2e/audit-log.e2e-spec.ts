// The audit log over HTTP: who changed what (an admin, an API key, a worker job), the walk of the
// API's mutating operations across every context (each leaves entries under its request id, reads
// leave none), filters, cursor pages, another tenant's isolation, access, and the retention prune.
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { JOBS, QUEUES, jobId, redisOptionsFromUrl } from '@nova/queue';
import { Client } from 'pg';
import { connectTenantDb } from '../support/tenant-db';
import { CENTRAL_TEST_DB, PG_SERVER_URL } from '../support/test-env';
import { TestApp, startTestApp } from '../support/test-app';
import { Agent, TenantSession, agent, registerTenant } from '../support/tenant-session';

interface Entry {
  object: string;
  id: string;
  occurredAt: string;
  action: string;
  objectType: string;
  objectId: string | null;
  actor: { type: string; id: string | null; label: string | null };
  origin: { ip: string | null; userAgent: string | null; requestId: string | null };
  transactionId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Mutating operations the walk below does not call, each with the reason. Every other mutating
 * operation of /api/docs-json must be walked: a new endpoint fails this test until it is.
 */
const NOT_WALKED: Record<string, string> = {
  'POST /api/auth/register': 'creates the tenant (central database); the new database starts empty',
  'POST /api/auth/login': 'admin_user.signed_in / sign_in_failed (central database, recorded after it): walked in account-security.e2e-spec',
  'POST /api/auth/refresh': 'a session in the central database, no tenant data',
  'POST /api/auth/logout': 'admin_session.deleted (central database, recorded after it): walked in account-security.e2e-spec',
  // Account security lives in the central database (account_tokens, admin_users); its use cases record
  // CentralAuditLog entries after the commit. They need the e-mailed tokens and codes, so the
  // e-mail-reading test walks them: account-security.e2e-spec ("records every account-security change").
  'POST /api/auth/login/mfa': 'admin_user.signed_in / sign_in_failed: walked in account-security.e2e-spec (needs a TOTP code)',
  'POST /api/auth/invitations/accept': 'invitation.accepted: walked in account-security.e2e-spec (needs the e-mailed token)',
  'POST /api/auth/password-reset': 'only queues the e-mail (nothing changes until it is confirmed)',
  'POST /api/auth/password-reset/confirm': 'admin_user.password_reset: walked in account-security.e2e-spec (needs the e-mailed token)',
  'POST /api/auth/verify-email': 'admin_user.email_verified: walked in account-security.e2e-spec (needs the e-mailed token)',
  'POST /api/auth/email-change/confirm': 'admin_user.email_changed: walked in account-security.e2e-spec (needs the e-mailed token)',
  'POST /api/account/email': 'only e-mails the new address a token (nothing changes until it is confirmed)',
  'POST /api/account/email-verification': 'only queues the e-mail again',
  'POST /api/account/mfa/totp': 'a pending enrolment only (MFA is off until confirmed, which is recorded)',
  'POST /api/account/mfa/totp/confirm': 'admin_user.mfa_enabled: walked in account-security.e2e-spec (needs a TOTP code)',
  'POST /api/account/mfa/totp/disable': 'admin_user.mfa_disabled: walked in account-security.e2e-spec (needs MFA on)',
  'POST /api/account/mfa/recovery-codes': 'admin_user.recovery_codes_replaced: walked in account-security.e2e-spec (needs a TOTP code)',
  'POST /api/tenants/me/invitations': 'invitation.created: walked in account-security.e2e-spec (with the acceptance that needs its e-mail)',
  'DELETE /api/tenants/me/invitations/{id}': 'invitation.revoked: walked in account-security.e2e-spec',
  'POST /webhooks/{provider}/{tenantId}/{accountId}': 'signed by the provider: recorded as actor provider (webhook_events trigger; medium-tested)',
  'POST /webhooks/{provider}/{tenantId}/{accountId}/{pathSecret}': 'signed by the provider: recorded as actor provider (webhook_events trigger; medium-tested)',
  'POST /webhooks/test/{provider}/{tenantId}/{accountId}': 'the test-mode form of the provider webhook above (same intake, the test database)',
  'POST /webhooks/test/{provider}/{tenantId}/{accountId}/{pathSecret}': 'the test-mode form of the provider webhook above (same intake, the test database)',
  'POST /api/invoices/{id}/pay': 'calls the payment provider (checkout); its payment row is audited like any other',
  'POST /api/invoices/{id}/send': 'only queues the e-mail; the worker\'s marking it sent is recorded as system:mail.send-invoice',
  'POST /api/payment-providers/{id}/test': 'calls the provider and changes nothing',
  'POST /api/events/{id}/resend': 'writes only the delivery log (webhook_deliveries, a record of what was sent, not audited)',
  'POST /api/credit-notes/{id}/send': 'only queues the e-mail (nothing in the tenant database changes)',
  'POST /api/payments/{id}/receipt/send': 'only queues the e-mail (nothing in the tenant database changes)',
  'POST /api/subscriptions/{id}/change/preview': 'writes nothing: it shows what a change would bill',
  'POST /api/credit-notes/preview': 'writes nothing: it shows what a credit note would be',
  'POST /api/customers/{customerId}/payment-methods': 'verifies the token at the provider first; payment_methods rows are audited (medium-tested, token masked)',
  'DELETE /api/customers/{customerId}/payment-methods/{id}': 'needs a saved method (see above)',
  'POST /api/payments/{id}/refund': 'refunds go through the provider of a provider payment; refunds rows are audited like any other',
  'POST /api/invoices/process-billing-cycle': 'changes only what is due; the billing cycle\'s writes are the worker\'s (system:billing.run-tenant)',
};

const CDR_CSV = (id: string) => `id,caller_number,called_number,started_at,duration_seconds\n${id},+254700000021,+254711000000,${new Date().toISOString()},12\n`;
const DECK_CSV = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee\n2547,KE Mobile,5,60,60,60,0\n';

describe('audit log', () => {
  let app: TestApp;
  let a: TenantSession;
  let b: TenantSession;
  let ownerId: string;

  const page = async (tenant: TenantSession, query: Record<string, string | number>, as: Agent = tenant.asAdmin) =>
    (await as.get('/api/audit-log').query(query).expect(200)).body as { object: string; data: Entry[]; hasMore: boolean; nextCursor: string | null };
  const entriesOf = async (tenant: TenantSession, requestId: string) => (await page(tenant, { requestId, limit: 100 })).data;
  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    // Generous: the worker shares a loaded machine with the rest of the suite.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    [a, b] = await Promise.all([registerTenant(app, { defaultCurrency: 'KES' }), registerTenant(app, { defaultCurrency: 'KES' })]);
    ownerId = (await a.asAdmin.get('/api/tenants/me/users').expect(200)).body.data[0].id;
  });

  afterAll(() => app?.close());

  it('records an admin\'s change once, as the user (id and e-mail), with IP, user agent and the response\'s request id; reads record nothing', async () => {
    const created = await a.asAdmin.post('/api/customers').set('X-Request-Id', 'audit-e2e-admin-1').set('User-Agent', 'audit-e2e/1.0').send({ name: 'Wanjiru', email: 'wanjiru@example.test' }).expect(201);
    expect(created.headers['x-request-id']).toBe('audit-e2e-admin-1');

    const entries = await entriesOf(a, 'audit-e2e-admin-1');
    expect(entries).toEqual([
      expect.objectContaining({
        object: 'audit_entry',
        action: 'customer.created',
        objectType: 'customer',
        objectId: created.body.id,
        actor: { type: 'user', id: ownerId, label: a.email },
        origin: { ip: expect.stringMatching(/127\.0\.0\.1$/), userAgent: 'audit-e2e/1.0', requestId: 'audit-e2e-admin-1' },
        before: null,
        after: expect.objectContaining({ id: created.body.id, name: 'Wanjiru', email: 'wanjiru@example.test' }),
      }),
    ]);

    await a.asAdmin.get(`/api/customers/${created.body.id}`).set('X-Request-Id', 'audit-e2e-read-1').expect(200);
    await a.as.get('/api/customers').set('X-Request-Id', 'audit-e2e-read-1').expect(200);
    await a.asAdmin.get('/api/audit-log').set('X-Request-Id', 'audit-e2e-read-1').expect(200);
    expect(await entriesOf(a, 'audit-e2e-read-1')).toEqual([]);
  });

  it('records an API key\'s change as the key (id and prefix), with only the fields that changed', async () => {
    const customer = (await a.as.post('/api/customers').send({ name: 'Otieno', email: 'otieno@example.test' }).expect(201)).body;
    await a.as.patch(`/api/customers/${customer.id}`).set('X-Request-Id', 'audit-e2e-key-1').send({ name: 'Otieno Ltd', email: 'otieno@example.test' }).expect(200);
    const keys = (await a.asAdmin.get('/api/tenants/me/api-keys').expect(200)).body.data as { id: string; name: string; prefix: string }[];
    const key = keys.find((candidate) => candidate.name === 'tests')!;

    expect(await entriesOf(a, 'audit-e2e-key-1')).toEqual([
      expect.objectContaining({ action: 'customer.updated', objectId: customer.id, actor: { type: 'api_key', id: key.id, label: key.prefix }, before: { name: 'Otieno' }, after: { name: 'Otieno Ltd' } }),
    ]);
    expect(key.prefix).toMatch(/^sk_live_/);
  });

  it('records a worker job\'s changes as system:<job name>, under the request id that queued it', async () => {
    await a.as.post('/api/cdrs').set('X-Request-Id', 'audit-e2e-job-1').send({ id: 'audit-cdr-1', callerNumber: '+254700000020', calledNumber: '+254711000000', startedAt: new Date().toISOString(), durationSeconds: 30 }).expect(202);

    const rated = await waitFor(async () => (await entriesOf(a, 'audit-e2e-job-1')).find((entry) => entry.actor.type === 'system'), 'the rating job\'s entry');
    expect(rated).toMatchObject({ action: 'cdr.updated', objectType: 'cdr', objectId: null, actor: { type: 'system', id: JOBS.rateCdrs, label: `system:${JOBS.rateCdrs}` }, after: { rows: 1 } });
    expect((await entriesOf(a, 'audit-e2e-job-1')).find((entry) => entry.actor.type === 'api_key')).toMatchObject({ action: 'cdr.created', after: { rows: 1 } });
  }, 90_000);

  it('never stores a secret: provider credentials are masked', async () => {
    await a.asAdmin.post('/api/payment-providers').set('X-Request-Id', 'audit-e2e-secret-1').send({ provider: 'paystack', credentials: { secretKey: 'sk_test_AUDITSECRET42' }, defaultForCurrencies: ['NGN'] }).expect(201);

    const entries = await entriesOf(a, 'audit-e2e-secret-1');
    expect(entries.find((entry) => entry.action === 'payment_provider_account.created')?.after).toMatchObject({ encrypted_credentials: '[masked]' });
    const everything = (await page(a, { limit: 100, objectType: 'payment_provider_account' })).data;
    expect(JSON.stringify(everything)).not.toContain('AUDITSECRET42');
  });

  it('leaves entries for every mutating operation of the API it walks, across every context', async () => {
    const doc = (await a.as.get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const walked = new Map<string, string[]>();
    /** Calls an operation with a fresh request id and keeps the actions it recorded. */
    const call = async (operation: string, path: string, body?: object | string, as: Agent = a.asAdmin, log: Agent = a.asAdmin) => {
      const [method, template] = operation.split(' ') as [string, string];
      const requestId = `audit-walk-${randomUUID()}`;
      let test = as[method.toLowerCase() as 'post'](path).set('X-Request-Id', requestId);
      if (typeof body === 'string') test = test.set('content-type', 'text/csv');
      const response = await test.send(body as object);
      if (response.status >= 300) throw new Error(`${operation} (${path}) answered ${response.status}: ${JSON.stringify(response.body)}`);
      walked.set(`${method} ${template}`, (await page(a, { requestId, limit: 100 }, log)).data.map((entry) => entry.action));
      return response.body;
    };

    const customer = await call('POST /api/customers', '/api/customers', { name: 'Walk', email: 'walk@example.test', currency: 'KES' });
    await call('PATCH /api/customers/{id}', `/api/customers/${customer.id}`, { name: 'Walk Ltd' });
    await call('POST /api/customers/{id}/balance-transactions', `/api/customers/${customer.id}/balance-transactions`, { amount: 1_000, currency: 'KES', reason: 'goodwill' });
    const product = await call('POST /api/products', '/api/products', { name: 'Walk product' });
    await call('PATCH /api/products/{id}', `/api/products/${product.id}`, { name: 'Walk product 2' });
    const plan = await call('POST /api/plans', '/api/plans', { code: 'walk', name: 'Walk', productId: product.id });
    await call('PATCH /api/plans/{id}', `/api/plans/${plan.id}`, { name: 'Walk plan' });
    const price = await call('POST /api/plans/{id}/prices', `/api/plans/${plan.id}/prices`, { currency: 'KES', unitAmount: 100_000, interval: 'month' });
    await call('PATCH /api/prices/{id}', `/api/prices/${price.id}`, { nickname: 'Monthly' });
    const subscription = await call('POST /api/subscriptions', '/api/subscriptions', { customerId: customer.id, priceId: price.id, billingCycleAnchorDay: 1 });
    const invoice = (await a.as.get('/api/invoices').query({ subscriptionId: subscription.id }).expect(200)).body.data[0];
    await call('PATCH /api/invoices/{id}', `/api/invoices/${invoice.id}`, { metadata: { po: 'PO-7' } });
    const creditNote = await call('POST /api/credit-notes', '/api/credit-notes', { invoiceId: invoice.id, amount: 100, reason: 'other' });
    await call('POST /api/credit-notes/{id}/void', `/api/credit-notes/${creditNote.id}/void`, {});
    const coupon = await call('POST /api/coupons', '/api/coupons', { code: 'WALK10', percentOff: 10, duration: 'forever' });
    await call('PATCH /api/coupons/{id}', `/api/coupons/${coupon.id}`, { name: 'Walk coupon' });
    await call('POST /api/subscriptions/{id}/discount', `/api/subscriptions/${subscription.id}/discount`, { coupon: 'WALK10' });
    await call('DELETE /api/subscriptions/{id}/discount', `/api/subscriptions/${subscription.id}/discount`);
    await call('POST /api/customers/{id}/discount', `/api/customers/${customer.id}/discount`, { coupon: 'WALK10' });
    await call('DELETE /api/customers/{id}/discount', `/api/customers/${customer.id}/discount`);
    await call('POST /api/subscriptions/{id}/change', `/api/subscriptions/${subscription.id}/change`, { quantity: 2, prorationBehavior: 'none', effective: 'period_end' });
    await call('DELETE /api/subscriptions/{id}/scheduled-change', `/api/subscriptions/${subscription.id}/scheduled-change`);
    await call('POST /api/subscriptions/{id}/pause', `/api/subscriptions/${subscription.id}/pause`, { behavior: 'void' });
    await call('POST /api/subscriptions/{id}/resume', `/api/subscriptions/${subscription.id}/resume`, {});
    await call('POST /api/invoices/{id}/mark-paid', `/api/invoices/${invoice.id}/mark-paid`, { reference: 'walk' });
    const payment = (await a.as.get('/api/payments').query({ invoiceId: invoice.id }).expect(200)).body.data[0];
    await call('PATCH /api/payments/{id}', `/api/payments/${payment.id}`, { metadata: { bank: 'walk' } });
    await call('POST /api/payments', '/api/payments', { customerId: customer.id, amount: 500, currency: 'KES', method: 'cash', reference: 'R-1', receivedAt: new Date().toISOString(), allocate: 'oldest_first' });
    const oneOff = await call('POST /api/invoices', '/api/invoices', { customerId: customer.id, currency: 'KES', lines: [{ description: 'Installation', quantity: 1, unitAmount: 5_000 }] });
    await call('POST /api/invoices/{id}/void', `/api/invoices/${oneOff.id}/void`, {});
    const draft = await call('POST /api/invoices', '/api/invoices', { customerId: customer.id, currency: 'KES', lines: [{ description: 'Survey', quantity: 1, unitAmount: 2_000 }], draft: true });
    await call('PATCH /api/invoices/{id}', `/api/invoices/${draft.id}`, { memo: 'Walk memo', addLines: [{ description: 'Cables', quantity: 2, unitAmount: 300 }] });
    await call('POST /api/invoices/{id}/finalize', `/api/invoices/${draft.id}/finalize`, {});
    const deleted = await call('POST /api/invoices', '/api/invoices', { customerId: customer.id, currency: 'KES', lines: [{ description: 'Never sent', quantity: 1, unitAmount: 100 }], draft: true });
    await call('DELETE /api/invoices/{id}', `/api/invoices/${deleted.id}`);
    await call('POST /api/subscriptions/{id}/cancel', `/api/subscriptions/${subscription.id}/cancel`, { atPeriodEnd: false });
    await call('PUT /api/payment-settings', '/api/payment-settings', { retryDelaysSeconds: [86_400], finalAction: 'past_due', reminderDays: [0, 7] });
    const provider = await call('POST /api/payment-providers', '/api/payment-providers', { provider: 'paystack', name: 'Walk', credentials: { secretKey: 'sk_test_walk' }, defaultForCurrencies: ['GHS'] });
    await call('PATCH /api/payment-providers/{id}', `/api/payment-providers/${provider.id}`, { name: 'Walk 2' });
    await call('DELETE /api/payment-providers/{id}', `/api/payment-providers/${provider.id}`);
    const ratePlan = await call('POST /api/rate-plans', '/api/rate-plans', { name: 'Walk', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } });
    await call('PATCH /api/rate-plans/{id}', `/api/rate-plans/${ratePlan.id}`, { name: 'Walk rates' });
    await call('POST /api/rate-plans/{id}/deck', `/api/rate-plans/${ratePlan.id}/deck`, DECK_CSV);
    const telecomSubscription = (await a.as.post('/api/subscriptions').send({ customerId: customer.id, priceId: price.id }).expect(201)).body;
    const account = await call('POST /api/accounts', '/api/accounts', { subscriptionId: telecomSubscription.id, ratePlanId: ratePlan.id, kind: 'prepaid' });
    await call('POST /api/accounts/{id}/top-ups', `/api/accounts/${account.id}/top-ups`, { amount: 10_000, reference: 'walk' });
    await call('POST /api/dids', '/api/dids', { numbers: ['+254700000021'] });
    const did = (await a.as.get('/api/dids').query({ status: 'available' }).expect(200)).body.data.find((candidate: { number: string }) => candidate.number === '254700000021');
    await call('POST /api/dids/{id}/assign', `/api/dids/${did.id}/assign`, { accountId: account.id });
    await call('POST /api/cdrs', '/api/cdrs', { id: 'walk-1', callerNumber: '+254700000021', calledNumber: '+254711000000', startedAt: new Date().toISOString(), durationSeconds: 10 }, a.as);
    await call('POST /api/cdrs/batch', '/api/cdrs/batch', { cdrs: [{ id: 'walk-2', callerNumber: '+254700000021', calledNumber: '+254711000000', startedAt: new Date().toISOString(), durationSeconds: 10 }] }, a.as);
    await call('POST /api/cdrs/upload', '/api/cdrs/upload', CDR_CSV('walk-3'), a.as);
    const cdr = (await a.as.get('/api/cdrs').expect(200)).body.data[0];
    // Wait for rating, so that the retries below have something to send back.
    await waitFor(async () => ((await a.as.get(`/api/cdrs/${cdr.id}`).expect(200)).body.status === 'pending' ? undefined : true), 'the CDR to be rated');
    await call('POST /api/cdrs/{id}/retry', `/api/cdrs/${cdr.id}/retry`, {}, a.as);
    await call('POST /api/cdrs/retry', '/api/cdrs/retry', { accountId: account.id }, a.as);
    await call('POST /api/dids/{id}/release', `/api/dids/${did.id}/release`, {});
    const spareRatePlan = (await a.as.post('/api/rate-plans').send({ name: 'Spare', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } }).expect(201)).body;
    await call('DELETE /api/rate-plans/{id}', `/api/rate-plans/${spareRatePlan.id}`);
    const spareProduct = (await a.as.post('/api/products').send({ name: 'Spare' }).expect(201)).body;
    const sparePlan = (await a.as.post('/api/plans').send({ code: 'spare', name: 'Spare', productId: spareProduct.id }).expect(201)).body;
    await call('DELETE /api/plans/{id}', `/api/plans/${sparePlan.id}`);
    await call('DELETE /api/products/{id}', `/api/products/${spareProduct.id}`);
    const spareCustomer = (await a.as.post('/api/customers').send({ name: 'Spare', email: 'spare@example.test' }).expect(201)).body;
    await call('DELETE /api/customers/{id}', `/api/customers/${spareCustomer.id}`);

    const rate = await call('POST /api/tax/rates', '/api/tax/rates', { name: 'Walk VAT', country: 'KE', percentage: '16' });
    await call('PATCH /api/tax/rates/{id}', `/api/tax/rates/${rate.id}`, { description: 'walk' });
    await call('DELETE /api/tax/rates/{id}', `/api/tax/rates/${rate.id}`);
    await call('PUT /api/tax/profile', '/api/tax/profile', { legalName: 'Walk Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxBehavior: 'exclusive' });
    const taxId = await call('POST /api/customers/{customerId}/tax-ids', `/api/customers/${customer.id}/tax-ids`, { type: 'ke_pin', value: 'A012345678Z' });
    await call('DELETE /api/customers/{customerId}/tax-ids/{id}', `/api/customers/${customer.id}/tax-ids/${taxId.id}`);
    const endpoint = await call('POST /api/webhook-endpoints', '/api/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks', enabledEvents: ['*'] });
    await call('PATCH /api/webhook-endpoints/{id}', `/api/webhook-endpoints/${endpoint.id}`, { description: 'Walk receiver' });
    await call('POST /api/webhook-endpoints/{id}/rotate-secret', `/api/webhook-endpoints/${endpoint.id}/rotate-secret`, {});
    await call('DELETE /api/webhook-endpoints/{id}', `/api/webhook-endpoints/${endpoint.id}`);

    // Test clocks exist in test mode only: walked with the owner's session in test mode, read from the test database's log.
    const inTest = agent(app, a.accessToken, { 'Nova-Mode': 'test' });
    const clock = await call('POST /api/test-clocks', '/api/test-clocks', { frozenTime: new Date().toISOString(), name: 'Walk clock' }, inTest, inTest);
    await call('POST /api/test-clocks/{id}/advance', `/api/test-clocks/${clock.id}/advance`, { frozenTime: new Date(Date.now() + 86_400_000).toISOString() }, inTest, inTest);
    await call('DELETE /api/test-clocks/{id}', `/api/test-clocks/${clock.id}`, undefined, inTest, inTest);

    // The tenant's rows in the central database: recorded by their use cases in the same log.
    await call('PATCH /api/tenants/me', '/api/tenants/me', { invoicePrefix: 'AUD', timeZone: 'Asia/Kolkata' });
    const key = await call('POST /api/tenants/me/api-keys', '/api/tenants/me/api-keys', { name: 'walk', mode: 'test' });
    await call('DELETE /api/tenants/me/api-keys/{id}', `/api/tenants/me/api-keys/${key.id}`);
    const memberId = randomUUID();
    const central = new Client({ connectionString: `${PG_SERVER_URL}/${CENTRAL_TEST_DB}` });
    await central.connect();
    // No endpoint invites users yet: a member's row, as team-access.e2e-spec does.
    await central
      .query(`INSERT INTO admin_users (id, tenant_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Member', 'not-a-hash', 'member')`, [memberId, a.tenantId, `member-${memberId.slice(0, 8)}@example.test`])
      .finally(() => central.end());
    await call('PATCH /api/tenants/me/users/{id}', `/api/tenants/me/users/${memberId}`, { role: 'viewer' });
    await call('DELETE /api/tenants/me/users/{id}', `/api/tenants/me/users/${memberId}`);
    await a.asAdmin.post('/api/auth/login').send({ email: a.email, password: a.password }).expect(200);
    const sessions = (await a.asAdmin.get('/api/account/sessions').expect(200)).body.data as { id: string }[];
    await call('DELETE /api/account/sessions/{id}', `/api/account/sessions/${sessions[0]!.id}`);
    await call('POST /api/account/password', '/api/account/password', { currentPassword: a.password, newPassword: 'another horse battery staple' });

    const mutating = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).filter((method) => method !== 'get' && method !== 'head').map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(mutating.filter((operation) => !walked.has(operation) && !(operation in NOT_WALKED))).toEqual([]);
    expect(Object.keys(NOT_WALKED).filter((operation) => !mutating.includes(operation))).toEqual([]);
    const unrecorded = [...walked].filter(([, actions]) => actions.length === 0).map(([operation]) => operation);
    expect(unrecorded).toEqual([]);
    // Every write of the API and its jobs knew who made it.
    expect((await page(a, { actorType: 'unknown', limit: 100 })).data.map((entry) => entry.action)).toEqual([]);
    // A few of the vocabulary's verbs, from the operations that make them.
    expect(walked.get('POST /api/invoices/{id}/void')).toContain('invoice.status_changed');
    expect(walked.get('POST /api/subscriptions/{id}/cancel')).toContain('subscription.status_changed');
    expect(walked.get('DELETE /api/customers/{id}')).toContain('customer.deleted');
    expect(walked.get('DELETE /api/invoices/{id}')).toEqual(expect.arrayContaining(['invoice_line.deleted', 'invoice.deleted']));
    expect(walked.get('POST /api/invoices/{id}/finalize')).toContain('invoice.status_changed');
    expect(walked.get('POST /api/rate-plans/{id}/deck')).toEqual(expect.arrayContaining(['rate_plan_destination.created', 'rate_plan_prefix.created', 'rate_plan_rate.created']));
    expect(walked.get('PATCH /api/tenants/me/users/{id}')).toEqual(['admin_user.updated']);
    const keyEntries = await page(a, { objectType: 'api_key', limit: 100 });
    expect(keyEntries.data.find((entry) => entry.action === 'api_key.created' && entry.objectId === key.id)).toMatchObject({
      actor: { type: 'user', id: ownerId, label: a.email },
      after: expect.objectContaining({ name: 'walk', mode: 'test', prefix: key.prefix }),
    });
    expect((await page(a, { objectType: 'tenant' })).data[0]).toMatchObject({ action: 'tenant.updated', objectId: a.tenantId, after: { invoice_prefix: 'AUD', time_zone: 'Asia/Kolkata' } });
    const password = (await page(a, { objectType: 'admin_user', objectId: ownerId })).data[0]!;
    expect(password).toMatchObject({ action: 'admin_user.updated', after: { password_hash: '[masked]' } });
    // No secret of the central database in the log either: not the new key's, not a hash.
    expect(JSON.stringify((await page(a, { limit: 100 })).data)).not.toMatch(/another horse|\$argon2|sk_test_[A-Za-z0-9]{40}/);
  }, 90_000);

  it('filters by actor, object, action and time, and pages newest first with cursors, starting_after and ending_before', async () => {
    const customer = (await a.asAdmin.post('/api/customers').send({ name: 'Paged', email: 'paged@example.test' }).expect(201)).body;
    for (let i = 1; i <= 4; i++) await a.as.patch(`/api/customers/${customer.id}`).send({ name: `Paged ${i}` }).expect(200);
    const object = { objectType: 'customer', objectId: customer.id };

    const all = (await page(a, { ...object, limit: 100 })).data;
    expect(all.map((entry) => entry.action)).toEqual(['customer.updated', 'customer.updated', 'customer.updated', 'customer.updated', 'customer.created']);
    expect(all.map((entry) => entry.after?.name)).toEqual(['Paged 4', 'Paged 3', 'Paged 2', 'Paged 1', 'Paged']);
    expect((await page(a, { ...object, action: 'customer.created' })).data.map((entry) => entry.id)).toEqual([all[4]!.id]);
    expect((await page(a, { ...object, actorType: 'user' })).data.map((entry) => entry.id)).toEqual([all[4]!.id]);
    expect((await page(a, { ...object, actorType: 'api_key' })).data).toHaveLength(4);
    expect((await page(a, { ...object, actorId: ownerId })).data.map((entry) => entry.id)).toEqual([all[4]!.id]);
    expect((await page(a, { ...object, createdGte: new Date(Date.now() + 60_000).toISOString() })).data).toEqual([]);
    expect((await page(a, { ...object, createdLt: new Date(Date.now() + 60_000).toISOString(), limit: 100 })).data).toHaveLength(5);

    const first = await page(a, { ...object, limit: 2 });
    expect(first).toMatchObject({ object: 'list', hasMore: true });
    const second = await page(a, { ...object, limit: 2, cursor: first.nextCursor! });
    const third = await page(a, { ...object, limit: 2, cursor: second.nextCursor! });
    expect([...first.data, ...second.data, ...third.data].map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect(third).toMatchObject({ hasMore: false, nextCursor: null });
    expect((await page(a, { ...object, limit: 2, starting_after: all[1]!.id })).data.map((entry) => entry.id)).toEqual([all[2]!.id, all[3]!.id]);
    expect((await page(a, { ...object, limit: 2, ending_before: all[3]!.id })).data.map((entry) => entry.id)).toEqual([all[1]!.id, all[2]!.id]);

    await a.asAdmin.get('/api/audit-log').query({ action: 'customer.renamed' }).expect(400).expect((res) => expect(res.body.fields[0].field).toBe('action'));
    await a.asAdmin.get('/api/audit-log').query({ starting_after: 'abc' }).expect(400).expect((res) => expect(res.body.fields[0].field).toBe('starting_after'));
  });

  it('shows another tenant nothing of this one\'s log', async () => {
    const customer = (await a.asAdmin.post('/api/customers').send({ name: 'Private', email: 'private@example.test' }).expect(201)).body;
    await b.asAdmin.post('/api/customers').send({ name: 'Other', email: 'other@example.test' }).expect(201);

    const theirs = (await page(b, { limit: 100 })).data;
    expect(theirs.length).toBeGreaterThan(0);
    expect(JSON.stringify(theirs)).not.toContain(customer.id);
    expect(theirs.every((entry) => entry.actor.id !== ownerId)).toBe(true);
    expect((await page(b, { objectType: 'customer', objectId: customer.id })).data).toEqual([]);
    const ours = (await page(a, { limit: 1 })).data[0]!;
    await b.asAdmin.get('/api/audit-log').query({ starting_after: ours.id }).expect(400);
  });

  it('is read by owners, admins and full-scope keys; a read-only key is refused with its scope', async () => {
    const readOnly = (await a.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'reader', mode: 'test', scope: 'read_only' }).expect(201)).body.secret;
    await agent(app, readOnly).get('/api/audit-log').expect(403).expect((res) => expect(res.body.message).toMatch(/read_only/));
    await a.as.get('/api/audit-log').expect(200);
  });

  it('prunes entries past AUDIT_LOG_RETENTION_DAYS in the worker\'s maintenance job, keeping the rest', async () => {
    const db = await connectTenantDb(a.tenantId);
    try {
      // Rows staged as if written long ago (the log takes inserts; only the prune may delete).
      await db.query(
        `INSERT INTO audit_log (occurred_at, action, object_type, object_id, actor_type, transaction_id, after)
         VALUES (now() - interval '401 days', 'customer.created', 'customer', 'ancient', 'system', 1, '{}'),
                (now() - interval '399 days', 'customer.created', 'customer', 'old-but-kept', 'system', 1, '{}')`,
      );

      const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.maintenance));
      const events = new QueueEvents(QUEUES.maintenance, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
      await events.waitUntilReady();
      try {
        const fanOut = await queue.add(JOBS.pruneAuditLog, { correlationId: 'audit-prune-test' });
        await fanOut.waitUntilFinished(events, 30_000);
        // The fan-out reaches every tenant of the run; this tenant's own job is the one to wait for.
        const day = new Date(fanOut.timestamp).toISOString().slice(0, 10);
        const ours = await queue.getJob(jobId('audit-prune', a.tenantId, day));
        expect(await ours!.waitUntilFinished(events, 50_000)).toMatchObject({ deleted: 1 });
      } finally {
        await events.close();
      }

      const ids = (await db.query(`SELECT object_id FROM audit_log WHERE object_id IN ('ancient', 'old-but-kept')`)).rows.map((row) => row.object_id);
      expect(ids).toEqual(['old-but-kept']);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('prunes events (GET /api/events) past EVENTS_RETENTION_DAYS in the worker\'s maintenance job, keeping recent ones', async () => {
    const old = (await a.as.post('/api/customers').send({ name: 'Old news', email: 'old-news@example.test' }).expect(201)).body;
    const fresh = (await a.as.post('/api/customers').send({ name: 'Fresh news', email: 'fresh-news@example.test' }).expect(201)).body;
    const eventOf = async (customerId: string) => (await a.as.get('/api/events').query({ type: 'customer.created', limit: 100 }).expect(200)).body.data.find((event: { data: { object: { id: string } } }) => event.data.object.id === customerId) as { id: string } | undefined;
    const oldEvent = (await eventOf(old.id))!;
    const db = await connectTenantDb(a.tenantId);
    try {
      // Staged as relayed 31 days ago (the default retention is 30).
      await db.query(`UPDATE events SET created_at = now() - interval '31 days', relayed_at = coalesce(relayed_at, now()) WHERE id = $1`, [oldEvent.id]);
      const queue = app.worker!.get<Queue>(getQueueToken(QUEUES.maintenance));
      const queueEvents = new QueueEvents(QUEUES.maintenance, { connection: redisOptionsFromUrl(app.config.redis.url), prefix: app.config.redis.queuePrefix });
      await queueEvents.waitUntilReady();
      try {
        const fanOut = await queue.add(JOBS.pruneEvents, { correlationId: 'events-prune-test' });
        await fanOut.waitUntilFinished(queueEvents, 30_000);
        const day = new Date(fanOut.timestamp).toISOString().slice(0, 10);
        const ours = await queue.getJob(jobId('events-prune', a.tenantId, day));
        expect(await ours!.waitUntilFinished(queueEvents, 50_000)).toMatchObject({ deleted: expect.any(Number) });
      } finally {
        await queueEvents.close();
      }
    } finally {
      await db.end();
    }
    await a.as.get(`/api/events/${oldEvent.id}`).expect(404);
    expect(await eventOf(fresh.id)).toBeDefined();
  }, 120_000);
});
