// OpenAPI-driven fuzzing: every operation of /api/docs-json gets a fixed-seed, bounded set of
// malformed requests, each breaking exactly one thing (a path param, a query param, a body field
// or the body as a whole) of an otherwise valid request made against real fixtures of a real
// tenant. Bad input must never answer 5xx, and every 400 must name the field it rejects.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantFixtures, fixturePathValue, seedTenantFixtures } from '../support/tenant-fixtures';
import { TenantSession, registerTenant } from '../support/tenant-session';

// One test sends malformed requests to every operation of the document: over a minute on 2 cores under load.
jest.setTimeout(300_000);

type Schema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
  oneOf?: Schema[];
  additionalProperties?: unknown;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: Record<string, string[]>[] };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

interface Variant {
  /** What it breaks, for the failure report. */
  label: string;
  /** The field a 400 must name (a body path, or the param's name); undefined for whole-body breaks. */
  field?: string;
  /** Sent with the tenant's API key instead of the admin's JWT (where the operation allows it). */
  useApiKey?: boolean;
  /** Path params refused before routing (a URL that is not UTF-8) can only be named `path`. */
  orPath?: boolean;
  path: string;
  query?: string;
  body?: string;
  contentType?: string;
}

interface Outcome {
  variant: Variant;
  method: string;
  status: number;
  body: unknown;
}

/** mulberry32: a tiny PRNG, seeded so every run sends the same requests. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SEED = 0x5eed_2026;
const random = prng(SEED);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const word = (length: number) => Array.from({ length }, () => pick('abcdefghijklmnopqrstuvwxyz0123456789'.split(''))).join('');

/** A well-formed (v4) UUID that names no row. */
const uuidOfNothing = () => `${word(0)}${Array.from({ length: 32 }, () => pick('0123456789abcdef'.split(''))).join('')}`.replace(/^(.{8})(.{4}).(.{3}).(.{3})(.{12})$/, '$1-$2-4$3-8$4-$5');

/** JSON text with the placeholder strings replaced by raw (non-JSON-escapable) fragments. */
const RAW_PROTO = '"\u0001proto\u0001"';

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = { [`k${i}`]: value };
  return value;
}

/** Malformed values for a field of the given schema; each breaks the field and nothing else. */
function badValues(schema: Schema, name: string): { label: string; value: unknown }[] {
  const nul = { label: 'NUL byte', value: `${word(3)}\u0000${word(3)}` };
  const surrogate = { label: 'lone surrogate', value: `${word(3)}${pick(['\uD800', '\uDBFF', '\uDC00', '\uDFFF'])}${word(2)}` };
  const huge = { label: 'huge string', value: 'x'.repeat(20_000 + Math.floor(random() * 5_000)) };
  const nullValue = { label: 'null', value: null };
  const type = schema.type ?? (schema.oneOf ? 'string' : schema.$ref ? 'object' : 'string');
  if (schema.enum) return [{ label: 'unknown enum value', value: `not-${word(5)}` }, nul, { label: 'wrong type', value: 42 }, nullValue];
  switch (type) {
    case 'number':
    case 'integer':
      return [
        { label: 'negative', value: -1 - Math.floor(random() * 1_000) },
        { label: 'huge number', value: 1e300 },
        { label: 'just beyond bigint', value: 2 ** 63 },
        { label: 'beyond bigint', value: 99_999_999_999_999_999_999 },
        { label: 'fraction', value: 1.5 },
        { label: 'wrong type', value: '12' },
        nullValue,
      ];
    case 'boolean':
      return [{ label: 'wrong type', value: 'yes' }, { label: 'wrong type (number)', value: 1 }, nullValue];
    case 'array':
      return [
        { label: 'wrong type', value: 'not-a-list' },
        { label: 'wrong item type', value: [42, true] },
        { label: 'wrongly shaped items', value: [{ id: { deep: [1] }, destinations: 'x', seconds: -5, prefixes: 7, name: null, weight: 'w', pricePerUnit: {} }] },
        { label: 'NUL in item', value: [`a\u0000b`] },
        nullValue,
      ];
    case 'object':
      return [
        { label: 'deeply nested', value: nested(40) },
        { label: 'too many keys', value: Object.fromEntries(Array.from({ length: 51 + Math.floor(random() * 20) }, (_, i) => [`key${i}`, 'v'])) },
        { label: 'key too long', value: { ['k'.repeat(41)]: 'v' } },
        { label: 'value too long', value: { note: 'v'.repeat(501) } },
        { label: 'NUL in key', value: { 'a\u0000b': 'v' } },
        { label: 'NUL in value', value: { note: 'a\u0000b' } },
        { label: 'lone surrogate in value', value: { note: 'a\uD800b' } },
        { label: '__proto__ key', value: RAW_PROTO },
        { label: 'wrong type', value: ['not', 'an', 'object'] },
        nullValue,
      ];
    default: {
      const values = [nul, surrogate, huge, { label: 'wrong type', value: pick([12345, { a: 1 }, [1]]) }, nullValue];
      if (schema.format === 'uuid' || /Id$/.test(name)) {
        values.push({ label: 'non-UUID', value: pick(['not-a-uuid', '123', 'ffffffff-ffff-ffff-ffff-fffffffffffff']) }, { label: 'UUID of nothing', value: uuidOfNothing() });
      }
      if (schema.format === 'date-time' || /At$|^from$|^to$|[dD]ate/.test(name)) {
        for (const date of ['2026-02-30T25:61:00Z', '0000-01-01T00:00:00Z', 'yesterday', '+275760-09-13T00:00:00.001Z']) values.push({ label: `invalid date ${date}`, value: date });
      }
      if (schema.format === 'email' || /email/i.test(name)) values.push({ label: 'broken e-mail', value: `a\uD800@example.com` });
      return values;
    }
  }
}

/** Malformed query-string values (already encoded) for a query param. */
function badQueryValues(param: Parameter): { label: string; raw: string }[] {
  const schema = param.schema ?? {};
  const values = [
    { label: 'NUL byte', raw: 'a%00b' },
    { label: 'lone surrogate (broken UTF-8)', raw: 'a%ED%A0%80b' },
    { label: 'invalid percent-encoding', raw: '%E0%A4%A' },
    { label: 'huge string', raw: 'q'.repeat(3_000) },
  ];
  if (schema.type === 'number' || schema.type === 'integer') values.push({ label: 'negative', raw: '-5' }, { label: 'huge number', raw: '1e309' }, { label: 'not a number', raw: 'abc' });
  if (schema.enum) values.push({ label: 'unknown enum value', raw: `not-${word(4)}` });
  if (schema.format === 'uuid' || /Id$/.test(param.name)) values.push({ label: 'non-UUID', raw: 'not-a-uuid' }, { label: 'UUID of nothing', raw: uuidOfNothing() });
  values.push({ label: 'repeated', raw: `1&${encodeURIComponent(param.name)}=2` });
  if (schema.format === 'date-time' || /^from$|^to$/.test(param.name)) values.push({ label: 'invalid date', raw: '2026-13-45' }, { label: 'date beyond range', raw: pick(['0000-01-01', '9999-12-31T23:59:60Z', '%2B275760-09-13T00:00:00Z']) });
  return values;
}

const BAD_PATH_VALUES = [
  { label: 'non-UUID', raw: 'not-a-uuid' },
  { label: 'NUL byte', raw: 'a%00b' },
  { label: 'lone surrogate (broken UTF-8)', raw: '%ED%A0%80' },
  { label: 'huge number', raw: '99999999999999999999999' },
  { label: 'negative', raw: '-1' },
  { label: 'UUID of nothing', raw: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' },
  { label: 'huge segment', raw: 'p'.repeat(150) },
];

function resolve(doc: OpenApi, schema: Schema): Schema {
  return schema.$ref ? resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]) : schema;
}

/** Every leaf and object field of a body schema, with its dotted path (nested DTOs included). */
function fieldsOf(doc: OpenApi, schema: Schema, prefix = ''): { path: string[]; schema: Schema }[] {
  const resolved = resolve(doc, schema);
  return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
    const own = { path: [...(prefix ? prefix.split('.') : []), name], schema: resolve(doc, property) };
    const inner = resolve(doc, property);
    return inner.properties ? [own, ...fieldsOf(doc, inner, [...own.path].join('.'))] : [own];
  });
}

function withField(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[path[path.length - 1]] = value;
  return copy;
}

const toJson = (body: unknown) => JSON.stringify(body).replace(RAW_PROTO, '{"__proto__":{"polluted":true}}');

describe('API fuzzing (OpenAPI-driven)', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let doc: OpenApi;
  let ids: TenantFixtures;
  const bodies: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    doc = (await tenant.as.get('/api/docs-json').expect(200)).body as OpenApi;

    // Real fixtures, so that path params name existing rows and bodies reach the database.
    ids = await seedTenantFixtures(tenant);
    const admin = tenant.asAdmin;
    const login = (await admin.post('/api/auth/login').send({ email: tenant.email, password: tenant.password }).expect(200)).body;
    // Well-formed tokens that match nothing: the fuzz reaches the lookups without using a real link.
    const unknownToken = 'unknown-token-of-forty-three-characters-xyz';

    // A valid body for every request schema; the fuzzer breaks one field of it at a time.
    const cdr = { id: 'fuzz-2', callerNumber: '+254700000009', calledNumber: '+254711000000', startedAt: new Date().toISOString(), durationSeconds: 30 };
    Object.assign(bodies, {
      RegisterDto: { companyName: 'Fuzz Co', slug: 'fuzz-register', name: 'Fuzzer', email: 'register@fuzz.test', password: 'correct horse battery' },
      LoginDto: { email: tenant.email, password: tenant.password },
      RefreshDto: { refreshToken: login.refreshToken },
      CreateApiKeyDto: { name: 'fuzz', mode: 'test' },
      UpdateTenantDto: { name: 'Fuzz Co', defaultCurrency: 'KES', invoicePrefix: 'FZ', paymentTermsDays: 14, billingEmail: 'billing@fuzz.test', timeZone: 'Africa/Nairobi', mfaRequired: false },
      // A wrong current password on purpose: the fuzz must not sign its own admin out (the 400 names currentPassword).
      ChangeRoleDto: { role: 'admin' },
      ChangePasswordDto: { currentPassword: 'not the password', newPassword: 'another horse battery' },
      // Account security: wrong passwords and codes on purpose, so the fuzz's owner neither enrols MFA nor moves its address.
      CreateInvitationDto: { email: 'fuzz-invitee-2@fuzz.test', role: 'member' },
      AcceptInvitationDto: { token: unknownToken, name: 'Fuzz', password: 'correct horse battery' },
      RequestPasswordResetDto: { email: tenant.email },
      ConfirmPasswordResetDto: { token: unknownToken, newPassword: 'another horse battery' },
      AccountTokenDto: { token: unknownToken },
      CompleteMfaLoginDto: { challengeToken: unknownToken, code: '123456' },
      PasswordProofDto: { password: 'not the password' },
      TotpCodeDto: { code: '123456' },
      DisableTotpDto: { code: '123456' },
      RequestEmailChangeDto: { newEmail: 'moved@fuzz.test', password: 'not the password' },
      CreateCustomerDto: { name: 'Fuzz 2', email: 'fuzz2@example.test', phone: '+254700000001', currency: 'KES', taxId: 'P051', address: { city: 'Nairobi' }, metadata: { tier: 'gold' }, paymentTermsDays: 30 },
      UpdateCustomerDto: { name: 'Fuzz', metadata: { tier: 'gold' } },
      AdjustCustomerBalanceDto: { amount: 100, currency: 'KES', reason: 'fuzz', metadata: { a: 'b' } },
      CreateProductDto: { name: 'Fuzz 2', description: 'd', active: true, metadata: { a: 'b' }, taxCode: '998314', taxRateId: ids.taxRate },
      UpdateProductDto: { name: 'Fuzz product', metadata: { a: 'b' } },
      CreatePlanDto: { code: 'fuzz-2', name: 'Fuzz 2', productId: ids.product, trialDays: 0, metadata: { a: 'b' } },
      UpdatePlanDto: { name: 'Fuzz', productId: ids.product, trialDays: 0 },
      CreatePriceDto: { currency: 'KES', unitAmount: 1_000, interval: 'month', intervalCount: 1, nickname: 'n', metadata: { a: 'b' }, taxCode: '998314', taxRateId: ids.taxRate },
      UpdatePriceDto: { nickname: 'Fuzz', active: true, metadata: { a: 'b' } },
      UpdateInvoiceDto: {
        metadata: { po: 'fuzz' },
        memo: 'fuzz',
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        removeLines: [0],
        addLines: [{ description: 'Fuzz line', quantity: 1, unitAmount: 500 }],
        discounts: [{ description: 'Fuzz discount', amount: 100 }],
      },
      IssueCreditNoteDto: { invoiceId: ids.invoice, amount: 1, reason: 'other', memo: 'fuzz', metadata: { a: 'b' } },
      CreditNoteLineInputDto: { invoiceLineId: ids.invoice, quantity: 1 },
      CreateInvoiceDto: { customerId: ids.customer, currency: 'KES', memo: 'fuzz', lines: [{ description: 'Installation', quantity: 1, unitAmount: 1_000 }], draft: true },
      UpdatePaymentDto: { metadata: { bank: 'fuzz' } },
      CreateSubscriptionDto: { customerId: ids.customer, priceId: ids.price, quantity: 1, items: [], startAt: new Date().toISOString(), trialDays: 0, billingCycleAnchorDay: 15 },
      CancelSubscriptionDto: { atPeriodEnd: true, prorate: true },
      // Scheduled for the period end: bills nothing, and can be repeated.
      ChangeSubscriptionDto: { priceId: ids.price, quantity: 2, items: [], prorationBehavior: 'none', effective: 'period_end' },
      PauseSubscriptionDto: { behavior: 'void', resumesAt: new Date(Date.now() + 30 * 86_400_000).toISOString() },
      MarkPaidDto: { paidAt: new Date().toISOString(), reference: 'r', note: 'n', method: 'cash' },
      RecordReceiptDto: { customerId: ids.customer, amount: 1, currency: 'KES', method: 'bank_transfer', reference: 'FT1', note: 'n', receivedAt: new Date().toISOString(), allocate: 'oldest_first' },
      ReceiptAllocationInputDto: { invoiceId: ids.invoice, amount: 1 },
      SendDocumentDto: { to: 'someone@example.test' },
      CreateCouponDto: { code: 'FUZZ-NEW', name: 'Fuzz', percentOff: 12.5, duration: 'repeating', durationInMonths: 3, maxRedemptions: 10, redeemBy: new Date(Date.now() + 86_400_000).toISOString(), metadata: { a: 'b' } },
      UpdateCouponDto: { name: 'Fuzz coupon', metadata: { a: 'b' } },
      ApplyCouponDto: { coupon: 'FUZZ10' },
      CreatePaymentProviderDto: { provider: 'paystack', name: 'Fuzz', credentials: { secretKey: 'sk_test_x' }, defaultForCurrencies: ['GHS'] },
      UpdatePaymentProviderDto: { name: 'Fuzz', active: true, defaultForCurrencies: ['NGN'] },
      PayInvoiceDto: { accountId: ids.provider, amount: 100, returnUrl: 'https://example.test/ok', cancelUrl: 'https://example.test/no', phone: '254700000001' },
      RefundPaymentDto: { amount: 1, reason: 'fuzz' },
      SavePaymentMethodDto: { accountId: ids.provider, token: 'AUTH_fuzz', providerCustomerId: 'CUS_fuzz' },
      UpdatePaymentSettingsDto: { retryDelaysSeconds: [86_400], finalAction: 'past_due', reminderDays: [-3, 0, 7] },
      CreateRatePlanDto: { name: 'Fuzz 2', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 }, timings: [], bundles: [], destinations: [], rates: [] },
      UpdateRatePlanDto: { name: 'Fuzz', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } },
      CreateTelecomAccountDto: { subscriptionId: ids.subscription, ratePlanId: ids.ratePlan, kind: 'prepaid', lowBalanceThreshold: 0, suspendAtZero: false },
      TopUpDto: { amount: 100, reference: 'r' },
      AddDidsDto: { numbers: ['+254700000010'] },
      AssignDidDto: { accountId: ids.account },
      CdrInputDto: cdr,
      CdrBatchDto: { cdrs: [cdr] },
      RetryCdrsDto: { accountId: ids.account, status: 'unratable' },
      CreateWebhookEndpointDto: { url: 'https://hooks.example.com/fuzz-2', enabledEvents: ['invoice.paid'], description: 'fuzz' },
      UpdateWebhookEndpointDto: { url: 'https://hooks.example.com/fuzz', enabledEvents: ['*'], description: 'fuzz', enabled: true },
      ResendEventDto: { endpointId: ids.webhookEndpoint },
      PutTaxProfileDto: { legalName: 'Fuzz Ltd', address: { line1: '1 Moi Ave', city: 'Nairobi', country: 'KE' }, country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxBehavior: 'exclusive', defaultTaxRateId: ids.taxRate },
      CreateTaxRateDto: { name: 'Fuzz levy', country: 'KE', state: 'Nairobi', percentage: '16', components: [{ code: 'VAT', percentage: '16' }], taxBehavior: 'inclusive', description: 'fuzz' },
      UpdateTaxRateDto: { name: 'Fuzz VAT', description: 'fuzz', active: true, taxBehavior: 'exclusive' },
      AddCustomerTaxIdDto: { type: 'ke_pin', value: 'A012345678Z' },
      CreateTestClockDto: { frozenTime: new Date().toISOString(), name: 'Fuzz clock' },
      AdvanceTestClockDto: { frozenTime: new Date(Date.now() + 86_400_000).toISOString() },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A real id for a path param of an operation (by the resource its path names). */
  const pathValue = (path: string, name: string) => fixturePathValue(ids, tenant, path, name);

  function variantsOf(path: string, operation: Operation): Variant[] {
    const params = operation.parameters ?? [];
    const pathParams = params.filter((param) => param.in === 'path');
    const fill = (overrides: Record<string, string> = {}) => path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? encodeURIComponent(pathValue(path, name)));
    const validPath = fill();
    const content = operation.requestBody?.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    const schemaName = jsonSchema?.$ref?.split('/').pop();
    const baseBody = jsonSchema ? (schemaName && bodies[schemaName]) || {} : undefined;
    // Provider webhooks document no schema (each provider has its own): an empty event will do.
    // CSV uploads (their content is tested by their own tests) get a header line, so that only
    // the path is broken.
    const csv = content['text/csv'] || /\/(deck|upload)$/.test(path) ? 'id,caller_number,called_number,started_at,duration_seconds\n' : undefined;
    const validBody = baseBody === undefined ? (csv ?? (path.startsWith('/webhooks/') ? '{}' : undefined)) : toJson(baseBody);
    const validType = csv ? 'text/csv' : undefined;
    if (schemaName && !bodies[schemaName]) throw new Error(`No valid body for ${schemaName}: add one`);
    const variants: Variant[] = [];

    for (const param of pathParams) {
      for (const bad of BAD_PATH_VALUES) variants.push({ label: `path ${param.name}: ${bad.label}`, field: param.name, orPath: true, path: fill({ [param.name]: bad.raw }), body: validBody, contentType: validType });
    }
    for (const param of params.filter((candidate) => candidate.in === 'query')) {
      // A named enum's schema is a $ref: fuzz its values all the same.
      for (const bad of badQueryValues({ ...param, schema: param.schema && resolve(doc, param.schema) })) variants.push({ label: `query ${param.name}: ${bad.label}`, field: param.name, path: validPath, query: `${encodeURIComponent(param.name)}=${bad.raw}`, body: validBody, contentType: validType });
    }
    if (jsonSchema && baseBody) {
      for (const field of fieldsOf(doc, jsonSchema)) {
        for (const bad of badValues(field.schema, field.path[field.path.length - 1])) {
          variants.push({ label: `body ${field.path.join('.')}: ${bad.label}`, field: field.path.join('.'), path: validPath, body: toJson(withField(baseBody, field.path, bad.value)) });
        }
      }
      variants.push(
        { label: 'body: wrong content type', path: validPath, body: 'name=x', contentType: 'text/plain' },
        { label: 'body: malformed JSON', path: validPath, body: '{"name": "x",', contentType: 'application/json' },
        { label: 'body: a list instead of an object', path: validPath, body: '[1,2]' },
        { label: 'body: top-level __proto__', field: '__proto__', path: validPath, body: `{"__proto__":{"admin":true},${validBody!.slice(1)}`.replace(',}', '}') },
        { label: 'body: form-encoded', path: validPath, body: 'name=x&amount=1', contentType: 'application/x-www-form-urlencoded' },
        { label: 'body: very deeply nested unknown field', field: 'deep', path: validPath, body: toJson({ ...baseBody, deep: nested(2_000) }) },
        { label: 'body: unknown field with NUL', field: 'x\\u0000y', path: validPath, body: toJson({ ...baseBody, 'x\u0000y': 1 }) },
      );
    }
    return variants;
  }

  it('answers no 5xx to malformed requests, and every 400 names the field', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
    );
    expect(operations.length).toBeGreaterThan(60);
    const planned = operations.flatMap(({ path, method, operation }) => variantsOf(path, operation).map((variant) => ({ method, variant: { ...variant, useApiKey: random() < 0.5 }, operation })));
    expect(planned.length).toBeGreaterThan(1_000);
    expect(planned.length).toBeLessThan(5_000);
    if (process.env.FUZZ_REPORT) console.log(`${planned.length} requests`);

    const outcomes: Outcome[] = [];
    const send = async ({ method, variant, operation }: (typeof planned)[number]): Promise<void> => {
      // Both credentials: the API key where the operation takes one, half of the time.
      const takesApiKey = (operation.security ?? []).some((scheme) => 'api-key' in scheme);
      // Test clocks exist in test mode only (in live mode every request is one 400 naming Nova-Mode): fuzzed in test mode, by the owner's session.
      const testModeOnly = variant.path.startsWith('/api/test-clocks');
      const headers: Record<string, string> = { authorization: `Bearer ${takesApiKey && variant.useApiKey && !testModeOnly ? tenant.apiKey : tenant.accessToken}` };
      if (testModeOnly) headers['nova-mode'] = 'test';
      if (variant.body !== undefined) headers['content-type'] = variant.contentType ?? 'application/json';
      const url = `${app.url}${variant.path}${variant.query ? `?${variant.query}` : ''}`;
      const response = await fetch(url, { method, headers, body: method === 'GET' ? undefined : variant.body });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (PDF, CSV): fine unless it is an error
      }
      outcomes.push({ variant, method, status: response.status, body });
    };
    // A few at a time: fast, and light on the shared CI machine.
    const started = Date.now();
    const queue = [...planned];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await send(next);
    }));

    const describe = (outcome: Outcome) => `${outcome.method} ${outcome.variant.path.slice(0, 120)} [${outcome.variant.label}] → ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 300)}`;
    const serverErrors = outcomes.filter((outcome) => outcome.status >= 500);
    const unnamed = outcomes.filter((outcome) => outcome.status === 400 && !namesField(outcome.body, outcome.variant.field, outcome.variant.orPath));
    if (process.env.FUZZ_REPORT) console.log(`${outcomes.length} requests in ${Date.now() - started} ms`);
    if (process.env.FUZZ_DUMP) require('node:fs').writeFileSync(process.env.FUZZ_DUMP, outcomes.map(describe).join('\n'));
    if (process.env.FUZZ_REPORT) console.log([...serverErrors, ...unnamed].map(describe).join('\n'));
    expect(serverErrors.map(describe)).toEqual([]);
    expect(unnamed.map(describe)).toEqual([]);
  });
});

/** A 400 names a field: `fields` lists it (or, for nested values, a path inside or above it). */
function namesField(body: unknown, field: string | undefined, orPath = false): boolean {
  const fields = (body as { fields?: { field?: unknown }[] })?.fields;
  if (!Array.isArray(fields) || fields.length === 0 || !fields.every((problem) => typeof problem.field === 'string' && problem.field.length > 0)) return false;
  if (field === undefined) return true;
  const root = field.split('.')[0];
  return fields.some((problem) => {
    const named = problem.field as string;
    if (orPath && named === 'path') return true;
    return named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`) || field.startsWith(`${named}.`) || named.split(/[.[]/)[0] === root;
  });
}
