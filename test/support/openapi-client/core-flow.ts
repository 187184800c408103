// The core flow of an integration, written against the client a stock generator makes from our
// OpenAPI document (openapi-typescript types + openapi-fetch). It imports nothing but those two,
// because the contract test type-checks a copy of this file against freshly generated types: a
// spec change that breaks an integration's code fails that check, one that breaks its requests
// fails the run.
import createClient from 'openapi-fetch';
import type { paths } from './paths';

export interface CoreFlowOutcome {
  tenantId: string;
  invoiceIds: string[];
  /** What the billing-cycle trigger answered an API key (the document says: JWT only). */
  billingCycleWithApiKeyStatus: number;
  invoicesIssuedByCycle: number;
  pdf: { contentType: string | null; bytes: number; head: string };
  /** The typed error body of a 404 (the one error schema). */
  notFound: { status: number; code: string; message: string };
  idempotentReplay: boolean;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer; anything else stops the flow, saying what came back. */
function ok<T>(step: string, answer: Answer<T>): T {
  if (!answer.response.ok || answer.data === undefined) throw new Error(`${step}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
}

export async function runCoreFlow(baseUrl: string, unique: string): Promise<CoreFlowOutcome> {
  const anonymous = createClient<paths>({ baseUrl });
  const registered = ok(
    'register',
    await anonymous.POST('/api/auth/register', {
      body: { companyName: `Contract ${unique}`, slug: `contract-${unique}`, name: 'Owner', email: `contract-${unique}@example.test`, password: 'correct horse battery', defaultCurrency: 'KES' },
    }),
  );
  // The admin works in test mode too (the Nova-Mode header), so it sees what the sk_test_ key makes.
  const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${registered.accessToken}`, 'Nova-Mode': 'test' } });
  const key = ok('API key', await admin.POST('/api/tenants/me/api-keys', { body: { name: 'contract test', mode: 'test' } }));

  // From here on, as an integration does: with the API key.
  const server = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key.secret}` } });
  const customerRequest = { body: { name: 'Amina Njeri', email: `amina-${unique}@example.test`, currency: 'KES' }, params: { header: { 'Idempotency-Key': `customer-${unique}` } } };
  const customer = ok('customer', await server.POST('/api/customers', customerRequest));
  const replayed = await server.POST('/api/customers', customerRequest);
  const plan = ok('plan', await server.POST('/api/plans', { body: { code: `pro-${unique}`, name: 'Pro' } }));
  const price = ok('price', await server.POST('/api/plans/{id}/prices', { params: { path: { id: plan.id } }, body: { currency: 'KES', unitAmount: 250_000, interval: 'month' } }));
  const subscription = ok('subscription', await server.POST('/api/subscriptions', { body: { customerId: customer.id, priceId: price.id, quantity: 1 } }));

  const cycleWithKey = await server.POST('/api/invoices/process-billing-cycle', {});
  const cycle = ok('billing cycle', await admin.POST('/api/invoices/process-billing-cycle', {}));

  const invoices = ok('invoices', await server.GET('/api/invoices', { params: { query: { subscriptionId: subscription.id, limit: 10 } } }));
  const first = invoices.data[0];
  if (!first) throw new Error('invoices: the subscription has no invoice');
  const pdf = await server.GET('/api/invoices/{id}/pdf', { params: { path: { id: first.id } }, parseAs: 'arrayBuffer' });
  const bytes = new Uint8Array(ok('invoice PDF', pdf));

  const missing = await server.GET('/api/invoices/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
  return {
    tenantId: registered.tenant.id,
    invoiceIds: invoices.data.map((invoice: { id: string }) => invoice.id),
    billingCycleWithApiKeyStatus: cycleWithKey.response.status,
    invoicesIssuedByCycle: cycle.invoicesIssued,
    pdf: { contentType: pdf.response.headers.get('content-type'), bytes: bytes.length, head: new TextDecoder().decode(bytes.slice(0, 5)) },
    notFound: { status: missing.response.status, code: missing.error?.code ?? '', message: missing.error?.message ?? '' },
    idempotentReplay: replayed.response.headers.get('idempotent-replayed') === 'true' && replayed.data?.id === customer.id,
  };
}
