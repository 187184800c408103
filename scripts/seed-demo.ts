// Creates (or refreshes) a demo tenant with customers, plans, prices and subscriptions, runs its
// billing cycle, and prints the demo login and a new API key. Goes through the running API over
// HTTP, like any integration, so everything it creates passed the same validation as a user's
// request (and the worker rates the demo calls).
// Usage: npm run seed:demo   (with the API running; API_URL, default http://localhost:$PORT)
import { loadEnvFile } from '@nova/config';

export const DEMO = { slug: 'demo', email: 'demo@novabilling.local', password: process.env.DEMO_PASSWORD ?? 'demo-password-2026', companyName: 'Savannah Connect (demo)' };

const CUSTOMERS = [
  { name: 'Wanjiru Kamau', email: 'wanjiru@example.co.ke', phone: '+254712345678', currency: 'KES' },
  { name: 'Otieno Ochieng', email: 'otieno@example.co.ke', phone: '+254722000111', currency: 'KES' },
  { name: 'Chiamaka Okafor', email: 'chiamaka@example.com.ng', phone: '+2348031234567', currency: 'NGN' },
  { name: 'Kwame Mensah', email: 'kwame@example.com.gh', phone: '+233201234567', currency: 'GHS' },
  { name: 'Priya Sharma', email: 'priya@example.in', phone: '+919812345678', currency: 'INR' },
];

const PLANS = [
  { code: 'fibre-20', name: 'Fibre 20 Mbps', prices: [{ currency: 'KES', unitAmount: 290_000 }, { currency: 'NGN', unitAmount: 2_500_000 }, { currency: 'GHS', unitAmount: 45_000 }, { currency: 'INR', unitAmount: 99_900 }] },
  { code: 'fibre-100', name: 'Fibre 100 Mbps', prices: [{ currency: 'KES', unitAmount: 650_000 }, { currency: 'INR', unitAmount: 249_900 }] },
];

type Inject = (method: string, url: string, body?: unknown, token?: string, contentType?: string) => Promise<{ status: number; body: any }>;

export function defaultApiUrl(): string {
  return process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

export async function seedDemo(apiUrl = defaultApiUrl(), print: (line: string) => void = console.log): Promise<{ apiKey: string }> {
  const call: Inject = async (method, url, body, token, contentType) => {
    // The demo's data lives in test mode, where the sk_test_ key it prints works (the owner's session
    // sees it with Nova-Mode: test); public routes (sign-in) ignore the header.
    const headers: Record<string, string> = { 'nova-mode': 'test', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${apiUrl}${url}`, { method, headers, body: payload });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (response.status >= 400) throw new Error(`${method} ${url} → ${response.status}: ${parsed?.message ?? text}`);
    return { status: response.status, body: parsed };
  };
  let accessToken: string;
  try {
    ({ accessToken } = (await call('POST', '/api/auth/login', { email: DEMO.email, password: DEMO.password })).body);
    print(`demo tenant exists: signed in as ${DEMO.email}`);
  } catch {
    ({ accessToken } = (await call('POST', '/api/auth/register', { companyName: DEMO.companyName, slug: DEMO.slug, name: 'Demo Owner', email: DEMO.email, password: DEMO.password, defaultCurrency: 'KES' })).body);
    print(`registered demo tenant "${DEMO.slug}" (${DEMO.email})`);
    await populate(call, accessToken, print);
  }
  const key = await call('POST', '/api/tenants/me/api-keys', { name: `seed:demo ${new Date().toISOString()}`, mode: 'test' }, accessToken);
  return { apiKey: key.body.secret };
}

async function populate(call: Inject, token: string, print: (line: string) => void): Promise<void> {
  const prices = new Map<string, string>();
  for (const plan of PLANS) {
    const created = (await call('POST', '/api/plans', { code: plan.code, name: plan.name }, token)).body;
    for (const price of plan.prices) {
      const { body } = await call('POST', `/api/plans/${created.id}/prices`, { ...price, interval: 'month' }, token);
      prices.set(`${plan.code}/${price.currency}`, body.id);
    }
  }
  const monthAgo = new Date(Date.now() - 32 * 86_400_000).toISOString();
  const subscriptions = new Map<string, string>();
  for (const [index, customer] of CUSTOMERS.entries()) {
    const created = (await call('POST', '/api/customers', customer, token)).body;
    const planCode = index % 2 === 0 ? 'fibre-20' : 'fibre-100';
    const priceId = prices.get(`${planCode}/${customer.currency}`) ?? prices.get(`fibre-20/${customer.currency}`);
    if (priceId) subscriptions.set(customer.email, (await call('POST', '/api/subscriptions', { customerId: created.id, priceId, ...(index < 3 ? { startAt: monthAgo } : {}) }, token)).body.id);
  }
  const cycle = (await call('POST', '/api/invoices/process-billing-cycle', {}, token)).body;
  print(`seeded ${CUSTOMERS.length} customers, ${PLANS.length} plans, subscriptions; billing cycle issued ${cycle.invoicesIssued} renewal invoice(s)`);
  await populateTelecom(call, token, subscriptions, print);
}

/** A voice rate plan, a prepaid and a postpaid line with numbers, and a day of calls to rate. */
async function populateTelecom(call: Inject, token: string, subscriptions: Map<string, string>, print: (line: string) => void): Promise<void> {
  const plan = (await call('POST', '/api/rate-plans', { name: 'Voice Kenya', currency: 'KES', timezone: 'Africa/Nairobi', rounding: { method: 'up', decimals: 2 } }, token)).body;
  const deck = [
    'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee',
    '254,Kenya Fixed,3,60,60,60,0',
    '2547,Kenya Mobile,4.5,60,30,6,0',
    '25471,Kenya Mobile Safaricom,4,60,30,6,0',
    '255,Tanzania,12,60,60,60,1',
    '234,Nigeria,15,60,60,60,1',
    '44,United Kingdom,20,60,60,1,0',
  ].join('\n');
  await call('POST', `/api/rate-plans/${plan.id}/deck`, deck, token, 'text/csv');
  const lines = [
    { email: 'otieno@example.co.ke', kind: 'prepaid', number: '+254711000001' },
    { email: 'wanjiru@example.co.ke', kind: 'postpaid', number: '+254711000002' },
  ];
  await call('POST', '/api/dids', { numbers: lines.map((line) => line.number) }, token);
  const dids = (await call('GET', '/api/dids?status=available&limit=100', undefined, token)).body.data as { id: string; number: string }[];
  for (const line of lines) {
    const account = (await call('POST', '/api/accounts', { subscriptionId: subscriptions.get(line.email), ratePlanId: plan.id, kind: line.kind, ...(line.kind === 'prepaid' ? { lowBalanceThreshold: 50_00 } : {}) }, token)).body;
    const did = dids.find((candidate) => candidate.number === line.number.slice(1));
    if (did) await call('POST', `/api/dids/${did.id}/assign`, { accountId: account.id }, token);
    if (line.kind === 'prepaid') await call('POST', `/api/accounts/${account.id}/top-ups`, { amount: 2_000_00, reference: 'demo voucher' }, token);
  }
  const destinations = ['+254 711 234 567', '+254 733 123 456', '+254 20 222 0000', '+255 754 000 111', '+234 803 123 4567', '+44 20 7946 0000'];
  const startOfDay = Date.now() - 86_400_000;
  const cdrs = Array.from({ length: 40 }, (_, i) => ({
    id: `demo-call-${i + 1}`,
    callerNumber: lines[i % 2]!.number,
    calledNumber: destinations[i % destinations.length],
    startedAt: new Date(startOfDay + i * 1_800_000).toISOString(),
    durationSeconds: (i * 37) % 600,
  }));
  await call('POST', '/api/cdrs/batch', { cdrs }, token);
  print(`seeded a voice rate plan, a prepaid and a postpaid line with numbers, and ${cdrs.length} calls (rated by the worker)`);
}

if (require.main === module) {
  loadEnvFile();
  seedDemo()
    .then(({ apiKey }) => {
      console.log(`\nDemo login:   ${DEMO.email} / ${DEMO.password}`);
      console.log(`Demo API key: ${apiKey}`);
      console.log(`Try:          curl -H "Authorization: Bearer ${apiKey}" http://localhost:${process.env.PORT ?? 3000}/api/customers`);
      process.exit(0);
    })
    .catch((error: Error) => {
      console.error(`seed:demo: ${error.message}`);
      process.exit(1);
    });
}
