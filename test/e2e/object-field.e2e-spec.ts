// Every object the API returns names its type in `object` (issue 11, Stripe's convention) and
// every list says `object: 'list'`. Driven by the OpenAPI document: each GET operation that
// answers JSON is called on a seeded tenant, and the answer is walked along its documented
// schema; wherever the schema documents `object`, the value must be the one documented.
import { TestApp, startTestApp } from '../support/test-app';
import { TenantFixtures, fixturePathValue, seedTenantFixtures } from '../support/tenant-fixtures';
import { TenantSession, agent, registerTenant } from '../support/tenant-session';

/** Schemas with an `id` that are references inside an object, not objects of their own. */
const REFERENCES_NOT_OBJECTS: Record<string, string> = {
  AuditActorDto: "who made an audited change: the user's, key's, job's or provider account's id with its type",
  ChangeSubscriptionItemDto: "an item as a previewed or scheduled change would leave it: the subscription item's id (null for one the change adds), not an item yet",
};

type Schema = { $ref?: string; type?: string; enum?: unknown[]; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };
type Operation = { parameters?: { name: string; in: string }[]; security?: Record<string, string[]>[]; responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

describe('the object field', () => {
  let app: TestApp;
  let tenant: TenantSession;
  let fixtures: TenantFixtures;
  let doc: OpenApi;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    fixtures = await seedTenantFixtures(tenant);
    // A few more rows, so that the lists these make are not empty.
    await tenant.asAdmin.post(`/api/customers/${fixtures.customer}/balance-transactions`).send({ amount: 500, currency: 'KES', reason: 'goodwill' }).expect(201);
    doc = (await tenant.as.get('/api/docs-json').expect(200)).body as OpenApi;
  });

  afterAll(() => app?.close());

  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(doc.components.schemas[schema.$ref.split('/').pop()!]) : schema);
  /** The named schema a property refers to (alone, or as the one part of an allOf beside a description). */
  const referenceOf = (property: Schema): string | undefined => property.$ref ?? (property.allOf?.length === 1 ? property.allOf[0].$ref : undefined);
  /** The `object` a schema documents (a single-value enum), if it documents one. */
  const documentedObject = (schema: Schema): string | undefined => {
    const property = resolve(schema).properties?.object;
    // An event's data.object is the resource it carries (Stripe's name), not an object type.
    if (!property || resolve(property).type === 'object') return undefined;
    const reference = referenceOf(property);
    const values = reference ? (resolve({ $ref: reference }).enum ?? []) : [];
    expect({ property, values }).toEqual({ property, values: [expect.any(String)] });
    return values[0] as string;
  };

  it('documents `object` as a named single-value enum on every response object with an id, and `list` on every list', () => {
    // The schemas answers are made of: referred to from a 2xx response, directly or nested.
    const answered = new Set<string>();
    const collect = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const reference = (node as Schema).$ref;
      if (reference) {
        const name = reference.split('/').pop()!;
        if (answered.has(name)) return;
        answered.add(name);
        collect(doc.components.schemas[name]);
      }
      for (const value of Object.values(node)) collect(value);
    };
    for (const item of Object.values(doc.paths)) for (const operation of Object.values(item)) for (const [status, response] of Object.entries(operation.responses)) if (status.startsWith('2')) collect(response);
    const missing: string[] = [];
    for (const name of answered) {
      const schema = doc.components.schemas[name];
      const properties = schema.properties ?? {};
      const isList = properties.data !== undefined && resolve(properties.data).type === 'array';
      if (isList && documentedObject(schema) !== 'list') missing.push(`${name}: object 'list'`);
      if (!isList && properties.id && !documentedObject(schema) && !(name in REFERENCES_NOT_OBJECTS)) missing.push(`${name}: object`);
      // An event's data.object is the resource it carries (Stripe's name), not an object type.
      if (properties.object && resolve(properties.object).type !== 'object') expect(`${name}: ${referenceOf(properties.object)}`).toMatch(/Object$/);
    }
    expect(answered.size).toBeGreaterThan(40);
    expect(missing).toEqual([]);
    expect(doc.components.schemas.CustomerObject).toMatchObject({ type: 'string', enum: ['customer'] });
    expect(doc.components.schemas.ListObject).toMatchObject({ type: 'string', enum: ['list'] });
  });

  it('answers every GET with the documented `object` on the resource and on every nested one', async () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    /** Walks a value along its schema; every object the schema documents carries its `object`. */
    const walk = (value: unknown, schema: Schema, where: string): void => {
      if (value === null || value === undefined) return;
      const resolved = resolve(schema);
      for (const part of [...(resolved.allOf ?? []), ...(resolved.oneOf ?? []), ...(resolved.anyOf ?? [])]) walk(value, part, where);
      if (Array.isArray(value)) {
        if (resolved.items) value.forEach((item, index) => walk(item, resolved.items!, `${where}[${index}]`));
        return;
      }
      if (typeof value !== 'object' || !resolved.properties) return;
      const expected = documentedObject(resolved);
      if (expected) {
        const actual = (value as { object?: unknown }).object;
        if (actual !== expected) problems.push(`${where}: object ${JSON.stringify(actual)}, documented ${expected}`);
        seen.add(expected);
      }
      for (const [key, property] of Object.entries(resolved.properties)) walk((value as Record<string, unknown>)[key], property, `${where}.${key}`);
    };

    const called: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      const operation = item.get;
      const schema = operation?.responses['200']?.content?.['application/json']?.schema;
      if (!operation || !schema || !path.startsWith('/api/') || path === '/api/docs-json') continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(fixturePathValue(fixtures, tenant, path, name)));
      // The tenant's admin reaches every tenant GET; API keys reach only some. Test clocks exist in test mode only.
      const response = await (path.startsWith('/api/test-clocks') ? agent(app, tenant.accessToken, { 'Nova-Mode': 'test' }) : tenant.asAdmin).get(url);
      expect(`GET ${path} ${response.status}`).toBe(`GET ${path} 200`);
      const top = resolve(schema);
      // Each answer is an object (a resource or a list) or an array of them.
      expect(`GET ${path}: ${documentedObject(top.type === 'array' ? top.items! : top) ?? 'no object documented'}`).not.toMatch(/no object documented$/);
      walk(response.body, schema, `GET ${path}`);
      called.push(path);
    }
    expect(problems).toEqual([]);
    expect(called.length).toBeGreaterThan(30);
    // The walk really met these (so a missing fixture cannot make it pass on empty lists).
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'api_key', 'cdr', 'credit_note', 'customer', 'customer_balance', 'customer_balance_transaction', 'did', 'invoice', 'invoice_line', 'list',
        'payment', 'payment_provider_account', 'payment_settings', 'plan', 'price', 'product', 'rate_plan', 'receipt', 'session',
        'subscription', 'telecom_account', 'tenant', 'test_clock', 'user',
      ]),
    );
  });
});
