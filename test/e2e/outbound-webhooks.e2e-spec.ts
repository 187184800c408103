// Issue 10, outbound webhooks: events written with the change, relayed by the worker's scheduler
// to the tenant's endpoints, signed, retried, resent, replayed from /api/events, per tenant.
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Client } from 'pg';
import { MetricsRegistry } from '@nova/metrics';
import { eventually } from '../support/payment-fakes';
import { SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { connectTenantDb } from '../support/tenant-db';
import { TestApp, startTestApp } from '../support/test-app';
import { TenantSession, registerTenant } from '../support/tenant-session';

interface Delivery {
  path: string;
  rawBody: string;
  signature: string;
  event: { id: string; object: string; type: string; created: number; livemode: boolean; data: { object: Record<string, unknown> } };
}

/** What a receiver does (the README's snippet): HMAC-SHA256 of "<t>.<raw body>", any v1 matching, t within 5 minutes. */
function receiverVerifies(header: string, rawBody: string, secret: string): boolean {
  const parts = header.split(',').map((part) => part.split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return parts.some(([key, value]) => key === 'v1' && value !== undefined && value.length === 64 && timingSafeEqual(Buffer.from(value, 'hex'), expected));
}

describe('outbound webhooks: endpoint → events → signed deliveries, retries, rotation, resend, replay', () => {
  let app: TestApp;
  let strictApi: TestApp;
  let worker: INestApplicationContext;
  let server: Server;
  let receiverUrl: string;
  let tenant: TenantSession;
  let other: TenantSession;
  let smtp: SmtpSink;
  let tenantDb: Client;
  const deliveries: Delivery[] = [];
  /** Per path: statuses to answer with before 200. */
  const failures = new Map<string, number[]>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const path = request.url ?? '/';
        deliveries.push({ path, rawBody, signature: String(request.headers['novabilling-signature']), event: JSON.parse(rawBody) });
        response.writeHead(failures.get(path)?.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The worker with its schedulers: the relay every second, retries after 1, 2, 4 … seconds (test-env).
    smtp = await startSmtpSink();
    app = await startTestApp({ worker: false, env: { SMTP_PORT: String(smtp.port) } });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(app.config), { logger: false });
    await worker.init();
    // The production URL policy, on the same databases.
    strictApi = await startTestApp({ worker: false, env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
    tenant = await registerTenant(app, { defaultCurrency: 'KES' });
    other = await registerTenant(app, { defaultCurrency: 'KES' });
    tenantDb = await connectTenantDb(tenant.tenantId);
  });

  afterAll(async () => {
    await worker?.close();
    await tenantDb?.end();
    await smtp?.close();
    await strictApi?.close();
    await app?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const received = (path: string, type: string, objectId?: string) =>
    eventually(async () => deliveries.filter((d) => d.path === path && d.event.type === type && (objectId === undefined || d.event.data.object.id === objectId)).at(-1), 20_000, `${type} at ${path}`);

  async function endpoint(path: string, enabledEvents: string[] = ['*']): Promise<{ id: string; secret: string }> {
    const created = await tenant.asAdmin.post('/api/webhook-endpoints').send({ url: `${receiverUrl}${path}`, enabledEvents, description: path }).expect(201);
    return created.body;
  }

  async function paidInvoice(planCode: string): Promise<{ customerId: string; invoiceId: string; subscriptionId: string }> {
    const customer = await tenant.as.post('/api/customers').send({ name: 'Wanjiru', email: `${planCode}@example.test`, currency: 'KES' }).expect(201);
    const plan = await tenant.as.post('/api/plans').send({ code: planCode, name: 'Fibre 50' }).expect(201);
    const price = await tenant.as.post(`/api/plans/${plan.body.id}/prices`).send({ currency: 'KES', unitAmount: 250_000, interval: 'month' }).expect(201);
    const subscription = await tenant.as.post('/api/subscriptions').send({ customerId: customer.body.id, priceId: price.body.id }).expect(201);
    await tenant.as.post(`/api/invoices/${subscription.body.firstInvoiceId}/mark-paid`).send({ reference: 'M-PESA QX1' }).expect(200);
    return { customerId: customer.body.id, invoiceId: subscription.body.firstInvoiceId, subscriptionId: subscription.body.id };
  }

  it('creates an endpoint (secret shown once), and invoice.paid arrives signed, as the API shows the invoice', async () => {
    const hook = await endpoint('/erp');
    expect(hook).toMatchObject({ object: 'webhook_endpoint', enabled: true, enabledEvents: ['*'], secret: expect.stringMatching(/^whsec_/) });
    const shown = (await tenant.asAdmin.get(`/api/webhook-endpoints/${hook.id}`).expect(200)).body;
    expect(shown).not.toHaveProperty('secret');

    const { customerId, invoiceId, subscriptionId } = await paidInvoice('fibre-50');
    const paid = await received('/erp', 'invoice.paid', invoiceId);
    expect(receiverVerifies(paid.signature, paid.rawBody, hook.secret)).toBe(true);
    expect(receiverVerifies(paid.signature, paid.rawBody.replace('"paid"', '"open"'), hook.secret)).toBe(false);
    expect(paid.event).toMatchObject({ id: expect.stringMatching(/^evt_/), object: 'event', type: 'invoice.paid', livemode: true });
    // The invoice as GET /api/invoices lists it (the lines are GET /api/invoices/:id's addition).
    // The detail view adds the lines and their tax to the invoice as lists show it (what events carry).
    // livemode is the event's own (its envelope), as Stripe has it; the API says it on each answer.
    const { lines, taxSummary, taxSnapshot, livemode, ...invoice } = (await tenant.as.get(`/api/invoices/${invoiceId}`).expect(200)).body;
    expect(livemode).toBe(paid.event.livemode);
    expect(taxSummary).toEqual([]);
    expect(taxSnapshot).toBeNull();
    expect(lines).toHaveLength(1);
    expect(paid.event.data.object).toEqual(invoice);
    expect(paid.event.data.object).toMatchObject({ object: 'invoice', status: 'paid', amountDue: 0, total: 250_000 });

    // The rest of the story, each once.
    for (const [type, id] of [['customer.created', customerId], ['subscription.created', subscriptionId], ['invoice.created', invoiceId], ['invoice.finalized', invoiceId], ['payment.succeeded', undefined]] as const) {
      await received('/erp', type, id);
    }
    // The receiver answered before the worker wrote the attempt down.
    const page = await eventually(async () => {
      const body = (await tenant.asAdmin.get(`/api/webhook-endpoints/${hook.id}/deliveries`).query({ eventId: paid.event.id }).expect(200)).body;
      return body.data[0]?.status === 'succeeded' ? body : undefined;
    }, 10_000, 'the delivery logged');
    expect(page).toMatchObject({ object: 'list', hasMore: false, data: [{ object: 'webhook_delivery', eventId: paid.event.id, eventType: 'invoice.paid', status: 'succeeded', attempts: 1, responseStatus: 200 }] });
    expect(deliveries.filter((d) => d.path === '/erp' && d.event.id === paid.event.id)).toHaveLength(1);
  });

  /** The worker's nova_webhook_deliveries_total for one outcome (what Prometheus would scrape). */
  const deliveryAttempts = async (outcome: string) => {
    const counter = worker.get(MetricsRegistry).registry.getSingleMetric('nova_webhook_deliveries_total');
    return (await counter?.get())?.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  };

  it('retries a receiver that answers 500 until it recovers, and logs the attempts', async () => {
    const hook = await endpoint('/flaky', ['customer.created']);
    failures.set('/flaky', [500, 503]);
    const [retryingBefore, succeededBefore] = [await deliveryAttempts('retrying'), await deliveryAttempts('succeeded')];
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Otieno', email: 'flaky@example.test' }).expect(201)).body;
    const delivered = await eventually(async () => {
      const page = (await tenant.asAdmin.get(`/api/webhook-endpoints/${hook.id}/deliveries`).expect(200)).body;
      return page.data.find((d: { status: string }) => d.status === 'succeeded');
    }, 30_000, 'the retried delivery');
    expect(delivered).toMatchObject({ eventType: 'customer.created', attempts: 3, responseStatus: 200, error: null });
    const attempts = deliveries.filter((d) => d.path === '/flaky' && d.event.data.object.id === customer.id);
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((d) => d.event.id)).size).toBe(1);
    // The worker's metrics count them (at least: it relays every tenant of the test databases, and
    // other test files leave endpoints that fail; outbox.int-spec.ts counts exactly).
    expect(await deliveryAttempts('retrying')).toBeGreaterThanOrEqual(retryingBefore + 2);
    expect(await deliveryAttempts('succeeded')).toBeGreaterThan(succeededBefore);
  });

  it('signs with both secrets during a rotation overlap', async () => {
    const hook = await endpoint('/rotating', ['customer.updated']);
    const rotated = (await tenant.asAdmin.post(`/api/webhook-endpoints/${hook.id}/rotate-secret`).expect(200)).body;
    expect(rotated.secret).not.toBe(hook.secret);
    expect(new Date(rotated.previousSecretExpiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Akinyi', email: 'rotate@example.test' }).expect(201)).body;
    await tenant.as.patch(`/api/customers/${customer.id}`).send({ name: 'Akinyi Odhiambo' }).expect(200);
    const update = await received('/rotating', 'customer.updated', customer.id);
    expect(update.signature.match(/v1=/g)).toHaveLength(2);
    expect(receiverVerifies(update.signature, update.rawBody, hook.secret)).toBe(true);
    expect(receiverVerifies(update.signature, update.rawBody, rotated.secret)).toBe(true);
    expect(update.event.data.object).toMatchObject({ object: 'customer', name: 'Akinyi Odhiambo' });
  });

  it('resends an event to one endpoint on request', async () => {
    const hook = await endpoint('/resend', ['customer.deleted']);
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Kamau', email: 'resend@example.test' }).expect(201)).body;
    await tenant.as.delete(`/api/customers/${customer.id}`).expect(204);
    const first = await received('/resend', 'customer.deleted', customer.id);
    const resent = (await tenant.asAdmin.post(`/api/events/${first.event.id}/resend`).send({ endpointId: hook.id }).expect(200)).body;
    expect(resent).toMatchObject({ object: 'list', data: [{ eventId: first.event.id, endpointId: hook.id, status: 'pending' }] });
    await eventually(async () => (deliveries.filter((d) => d.path === '/resend' && d.event.id === first.event.id).length === 2 ? true : undefined), 20_000, 'the resent event');
    await tenant.asAdmin.post('/api/events/evt_000000000000000000000000/resend').send({}).expect(404);
  });

  it('lists events to replay (type filter, created range, keyset pages), and another tenant sees none of them', async () => {
    const since = new Date(Date.now() - 1_000).toISOString();
    const customer = (await tenant.as.post('/api/customers').send({ name: 'Replay', email: 'replay@example.test' }).expect(201)).body;
    await tenant.as.patch(`/api/customers/${customer.id}`).send({ name: 'Replay 2' }).expect(200);
    const recent = (await tenant.as.get('/api/events').query({ createdGte: since, limit: 1 }).expect(200)).body;
    expect(recent).toMatchObject({ object: 'list', hasMore: true, data: [{ type: 'customer.updated' }] });
    const next = (await tenant.as.get('/api/events').query({ createdGte: since, cursor: recent.nextCursor }).expect(200)).body;
    expect(next.data.map((e: { type: string }) => e.type)).toEqual(['customer.created']);
    const created = (await tenant.as.get('/api/events').query({ type: 'customer.created', limit: 100 }).expect(200)).body.data as { type: string }[];
    expect(created.length).toBeGreaterThanOrEqual(5);
    expect(created.every((event) => event.type === 'customer.created')).toBe(true);
    const one = (await tenant.as.get(`/api/events/${recent.data[0].id}`).expect(200)).body;
    expect(one).toEqual(recent.data[0]);

    // The other tenant: its own list only, the first tenant's event id is unknown to it, and its endpoint hears nothing of them.
    await other.asAdmin.post('/api/webhook-endpoints').send({ url: `${receiverUrl}/other`, enabledEvents: ['*'] }).expect(201);
    expect((await other.as.get('/api/events').expect(200)).body.data).toEqual([]);
    await other.as.get(`/api/events/${recent.data[0].id}`).expect(404);
    await other.asAdmin.post(`/api/events/${recent.data[0].id}/resend`).send({}).expect(404);
    const later = (await tenant.as.post('/api/customers').send({ name: 'After', email: 'after@example.test' }).expect(201)).body;
    const after = await received('/erp', 'customer.created', later.id);
    expect(after.event.data.object).toMatchObject({ name: 'After' });
    expect(deliveries.filter((d) => d.path === '/other')).toEqual([]);
  });

  it('disables an endpoint that failed for 3 days and e-mails the owner; enabled again, it receives events again', async () => {
    const hook = await endpoint('/dead', ['customer.created']);
    // Failing since three days ago (staged), and failing now.
    await tenantDb.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '3 days' WHERE id = $1`, [hook.id]);
    failures.set('/dead', [500]);
    await tenant.as.post('/api/customers').send({ name: 'Dead', email: 'dead@example.test' }).expect(201);
    const disabled = await eventually(async () => {
      const shown = (await tenant.asAdmin.get(`/api/webhook-endpoints/${hook.id}`).expect(200)).body;
      return shown.enabled ? undefined : shown;
    }, 20_000, 'the endpoint disabled');
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'every delivery failed for 3 days' });
    const mail = await smtp.waitFor((message) => message.envelope.rcptTo.includes(tenant.email) && /webhook endpoint was disabled/.test(message.subject ?? ''), 15_000);
    expect(mail.text).toContain(`${receiverUrl}/dead`);

    await tenant.asAdmin.patch(`/api/webhook-endpoints/${hook.id}`).send({ enabled: true }).expect(200);
    const back = (await tenant.as.post('/api/customers').send({ name: 'Back', email: 'back@example.test' }).expect(201)).body;
    await received('/dead', 'customer.created', back.id);
  });

  it('refuses private, loopback, link-local and ULA URLs with a 400 naming url (production policy)', async () => {
    const login = tenant.accessToken;
    for (const url of ['http://127.0.0.1:8080/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://10.0.0.5/', 'http://[fd00::1]/', 'http://localhost/hook', 'ftp://example.com/']) {
      const refused = await fetch(`${strictApi.url}/api/webhook-endpoints`, { method: 'POST', headers: { authorization: `Bearer ${login}`, 'content-type': 'application/json' }, body: JSON.stringify({ url, enabledEvents: ['*'] }) });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['url']);
    }
    const accepted = await fetch(`${strictApi.url}/api/webhook-endpoints`, { method: 'POST', headers: { authorization: `Bearer ${login}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://hooks.example.com/nova', enabledEvents: ['invoice.paid'] }) });
    expect(accepted.status).toBe(201);
  });

  it('is tenant administration: a read-only API key may list events but not manage endpoints', async () => {
    const readOnly = (await tenant.asAdmin.post('/api/tenants/me/api-keys').send({ name: 'ro', mode: 'test', scope: 'read_only' }).expect(201)).body.secret;
    const auth = { authorization: `Bearer ${readOnly}` };
    expect((await fetch(`${app.url}/api/events`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${app.url}/api/webhook-endpoints`, { headers: auth })).status).toBe(403);
    const refused = await fetch(`${app.url}/api/webhook-endpoints`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://hooks.example.com/x', enabledEvents: ['*'] }) });
    expect(refused.status).toBe(403);
  });
});
