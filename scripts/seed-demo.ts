// Creates (or refreshes) a demo tenant with customers, plans, prices and subscriptions, runs its
// billing cycle, and prints the demo login and a new API key. Goes through the real API
// in-process, so everything it creates passed the same validation as a user's request.
// Usage: npm run seed:demo
import { loadEnvFile } from '@nova/config';
import { createApiApp } from '../apps/api/src/bootstrap';

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

type Inject = (method: string, url: string, body?: unknown, token?: string) => Promise<{ status: number; body: any }>;

export async function seedDemo(print: (line: string) => void = console.log): Promise<{ apiKey: string }> {
  const app = await createApiApp(undefined, { logger: false });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const call: Inject = async (method, url, body, token) => {
    const response = await fastify.inject({ method: method as 'GET', url, payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
    const parsed = response.body ? JSON.parse(response.body) : undefined;
    if (response.statusCode >= 400) throw new Error(`${method} ${url} → ${response.statusCode}: ${parsed?.message ?? response.body}`);
    return { status: response.statusCode, body: parsed };
  };
  try {
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
  } finally {
    await app.close();
  }
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
  for (const [index, customer] of CUSTOMERS.entries()) {
    const created = (await call('POST', '/api/customers', customer, token)).body;
    const planCode = index % 2 === 0 ? 'fibre-20' : 'fibre-100';
    const priceId = prices.get(`${planCode}/${customer.currency}`) ?? prices.get(`fibre-20/${customer.currency}`);
    if (priceId) await call('POST', '/api/subscriptions', { customerId: created.id, priceId, ...(index < 3 ? { startAt: monthAgo } : {}) }, token);
  }
  const cycle = (await call('POST', '/api/invoices/process-billing-cycle', {}, token)).body;
  print(`seeded ${CUSTOMERS.length} customers, ${PLANS.length} plans, subscriptions; billing cycle issued ${cycle.invoicesIssued} renewal invoice(s)`);
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
