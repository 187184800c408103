import { TenantSession } from './tenant-session';

/** The ids of one real row of each resource a path can name, in a seeded tenant. */
export interface TenantFixtures {
  customer: string;
  product: string;
  plan: string;
  price: string;
  /** Open, its first invoice open (`invoice`). */
  subscription: string;
  invoice: string;
  /** A manual payment (the mark-paid of another subscription's invoice): it has a receipt. */
  payment: string;
  provider: string;
  ratePlan: string;
  account: string;
  did: string;
  cdr: string;
  creditNote: string;
  user: string;
  session: string;
  apiKey: string;
  /** A forever 10 % coupon, code FUZZ10. */
  coupon: string;
  /** A rate a product uses: DELETE answers 409 (archive instead), so it survives what tests do to it. */
  taxRate: string;
  /** A KRA PIN of `customer`. */
  taxId: string;
  webhookEndpoint: string;
  /** An event of the outbox (the webhook endpoint's creation comes after, so: an earlier change's). */
  event: string;
  /** A pending invitation (a viewer). */
  invitation: string;
  /** A test clock (made in test mode: in live mode its routes answer 400 naming Nova-Mode). */
  testClock: string;
}

/**
 * One row of each resource in the tenant (made through the API with the owner's JWT), so that
 * tests driven by the OpenAPI document can fill every path param with an existing row.
 */
export async function seedTenantFixtures(tenant: TenantSession): Promise<TenantFixtures> {
  const admin = tenant.asAdmin;
  const customer = (await admin.post('/api/customers').send({ name: 'Fixture', email: 'fixture@example.test', currency: 'KES' }).expect(201)).body.id;
  const product = (await admin.post('/api/products').send({ name: 'Fixture product' }).expect(201)).body.id;
  const plan = (await admin.post('/api/plans').send({ code: 'fixture', name: 'Fixture', productId: product }).expect(201)).body.id;
  const price = (await admin.post(`/api/plans/${plan}/prices`).send({ currency: 'KES', unitAmount: 100_000, interval: 'month' }).expect(201)).body.id;
  const subscription = (await admin.post('/api/subscriptions').send({ customerId: customer, priceId: price }).expect(201)).body.id;
  const paidSubscription = (await admin.post('/api/subscriptions').send({ customerId: customer, priceId: price }).expect(201)).body.id;
  const invoices = (await admin.get('/api/invoices').expect(200)).body.data as { id: string; subscriptionId: string }[];
  const invoice = invoices.find((candidate) => candidate.subscriptionId === subscription)!.id;
  await admin.post(`/api/invoices/${invoices.find((candidate) => candidate.subscriptionId === paidSubscription)!.id}/mark-paid`).send({ reference: 'fixture' }).expect(200);
  const payment = (await admin.get('/api/payments').expect(200)).body.data[0].id;
  const provider = (await admin.post('/api/payment-providers').send({ provider: 'paystack', credentials: { secretKey: 'sk_test_fixture' }, defaultForCurrencies: ['NGN'] }).expect(201)).body.id;
  const ratePlan = (await admin.post('/api/rate-plans').send({ name: 'Fixture', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 4 } }).expect(201)).body.id;
  const account = (await admin.post('/api/accounts').send({ subscriptionId: subscription, ratePlanId: ratePlan, kind: 'prepaid' }).expect(201)).body.id;
  await admin.post('/api/dids').send({ numbers: ['+254700000009'] }).expect(201);
  const did = (await admin.get('/api/dids').expect(200)).body.data[0].id;
  await admin.post('/api/cdrs').send({ id: 'fixture-1', callerNumber: '+254700000009', calledNumber: '+254711000000', startedAt: new Date().toISOString(), durationSeconds: 10 }).expect(202);
  const cdr = (await admin.get('/api/cdrs').expect(200)).body.data[0].id;
  const creditNote = (await admin.post('/api/credit-notes').send({ invoiceId: invoice, amount: 100, reason: 'other' }).expect(201)).body.id;
  // The owner, the tenant's only one.
  const user = (await admin.get('/api/tenants/me/users').expect(200)).body.data[0].id;
  // The registration's login (the oldest session).
  const session = ((await admin.get('/api/account/sessions').expect(200)).body.data as { id: string }[]).at(-1)!.id;
  const apiKey = (await admin.post('/api/tenants/me/api-keys').send({ name: 'fixture', mode: 'test' }).expect(201)).body.id;
  const coupon = (await admin.post('/api/coupons').send({ code: 'FUZZ10', percentOff: 10, duration: 'forever' }).expect(201)).body.id;
  // Its discounts: GET …/discount names one.
  await admin.post(`/api/subscriptions/${subscription}/discount`).send({ coupon: 'FUZZ10' }).expect(200);
  await admin.post(`/api/customers/${customer}/discount`).send({ coupon: 'FUZZ10' }).expect(200);
  const taxRate = (await admin.post('/api/tax/rates').send({ name: 'Fixture VAT', country: 'KE', percentage: '16' }).expect(201)).body.id;
  await admin.post('/api/products').send({ name: 'Taxed fixture product', taxCode: '998314', taxRateId: taxRate }).expect(201);
  const taxId = (await admin.post(`/api/customers/${customer}/tax-ids`).send({ type: 'ke_pin', value: 'P051234567X' }).expect(201)).body.id;
  const webhookEndpoint = (await admin.post('/api/webhook-endpoints').send({ url: 'https://hooks.example.com/fixture', enabledEvents: ['*'] }).expect(201)).body.id;
  const event = (await admin.get('/api/events').expect(200)).body.data[0].id;
  // Last: the invoices above were issued untaxed; GET /api/tax/profile needs a profile.
  await admin.put('/api/tax/profile').send({ legalName: 'Fixture Ltd', country: 'KE', taxIds: [{ type: 'ke_pin', value: 'P051234567X' }], defaultTaxBehavior: 'exclusive' }).expect(200);
  const invitation = (await admin.post('/api/tenants/me/invitations').send({ email: 'fixture-invitee@fixture.test', role: 'viewer' }).expect(201)).body.id;
  const testClock = (await admin.post('/api/test-clocks').set('Nova-Mode', 'test').send({ frozenTime: new Date().toISOString(), name: 'Fixture clock' }).expect(201)).body.id;
  return { customer, product, plan, price, subscription, invoice, payment, provider, ratePlan, account, did, cdr, creditNote, user, session, apiKey, coupon, taxRate, taxId, webhookEndpoint, event, invitation, testClock };
}

/** A payment method id that names no row (the fixtures save none: saving one needs a provider token). */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A real value for the path param `name` of an OpenAPI path (by the resource the path names). */
export function fixturePathValue(fixtures: TenantFixtures, tenant: TenantSession, path: string, name: string): string {
  if (name === 'tenantId') return tenant.tenantId;
  if (name === 'provider') return 'paystack';
  if (name === 'accountId') return fixtures.provider;
  if (name === 'pathSecret') return 'secret';
  if (name === 'customerId') return fixtures.customer;
  const resource = path.replace(/\/\{id\}.*$/, '').split('/').pop()!;
  const byResource: Record<string, string> = {
    customers: fixtures.customer,
    'payment-methods': UNKNOWN_ID,
    products: fixtures.product,
    plans: fixtures.plan,
    prices: fixtures.price,
    subscriptions: fixtures.subscription,
    invoices: fixtures.invoice,
    'payment-providers': fixtures.provider,
    payments: fixtures.payment,
    'rate-plans': fixtures.ratePlan,
    accounts: fixtures.account,
    dids: fixtures.did,
    cdrs: fixtures.cdr,
    'api-keys': fixtures.apiKey,
    'credit-notes': fixtures.creditNote,
    users: fixtures.user,
    sessions: fixtures.session,
    coupons: fixtures.coupon,
    rates: fixtures.taxRate,
    'tax-ids': fixtures.taxId,
    'webhook-endpoints': fixtures.webhookEndpoint,
    events: fixtures.event,
    invitations: fixtures.invitation,
    'test-clocks': fixtures.testClock,
  };
  const value = byResource[resource];
  if (!value) throw new Error(`No fixture for path param ${name} of ${path}`);
  return value;
}
