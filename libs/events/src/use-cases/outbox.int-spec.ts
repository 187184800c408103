import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { inTransaction } from '@nova/common';
import { WebhooksConfig } from '@nova/config';
import { ErrorCode } from '@nova/domain';
import { MetricsRegistry, WebhookDeliveryMetrics } from '@nova/metrics';
import { CredentialsCipher } from '@nova/payments';
import type { TenantContext, TenantDb } from '@nova/tenancy';
import { migratedTenantDb, type MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { recordEvent } from '../record-event';
import { verifySignature } from '../signature';
import { WebhookSecrets } from '../webhook-secrets';
import { claimDueDeliveries, recordAttempt } from '../webhook-deliveries.repository';
import { DeliverWebhooks, ENDPOINT_DISABLED_REASON } from './deliver-webhooks';
import { getEvent, listEvents, listWebhookDeliveries, pruneEvents, resendEvent } from './events';
import { relayEvents } from './relay-events';
import { CreateWebhookEndpoint, RotateWebhookSecret, UpdateWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints } from './webhook-endpoints';

interface Received {
  body: string;
  signature: string;
}

/** A local receiver answering each request with the next status of `statuses` (then 200). */
async function startReceiver(): Promise<{ url: string; received: Received[]; statuses: number[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(request.headers['novabilling-signature']) });
      const status = statuses.shift() ?? 200;
      if (status === 0) return; // never answers (a hung receiver)
      response.writeHead(status, status === 302 ? { location: '/elsewhere' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, statuses, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('outbox, relay and delivery (real tenant database, a local receiver)', () => {
  let tenant: MigratedTenantDb;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const cipher = CredentialsCipher.fromConfig({ encryptionKey: randomBytes(32).toString('hex') });
  const secrets = new WebhookSecrets(cipher, { tenantId: 't1' } as TenantContext);
  const config = new WebhooksConfig(true, 1_000, 1_000, 2_000, 24);
  let create: CreateWebhookEndpoint;
  let update: UpdateWebhookEndpoint;
  let rotate: RotateWebhookSecret;
  let deliver: DeliverWebhooks;
  let metrics: MetricsRegistry;
  /** nova_webhook_deliveries_total by outcome, as this test's DeliverWebhooks recorded them. */
  const attempts = async () => Object.fromEntries(((await metrics.registry.getSingleMetric('nova_webhook_deliveries_total')?.get())?.values ?? []).map((value) => [value.labels.outcome, value.value]));

  beforeAll(async () => {
    tenant = await migratedTenantDb('outbox');
    receiver = await startReceiver();
    const tenantDb = { connection: async () => tenant.db } as unknown as TenantDb;
    create = new CreateWebhookEndpoint(tenantDb, secrets, config);
    update = new UpdateWebhookEndpoint(tenantDb, config);
    rotate = new RotateWebhookSecret(tenantDb, secrets, config);
    metrics = new MetricsRegistry();
    deliver = new DeliverWebhooks(tenantDb, secrets, config, new WebhookDeliveryMetrics(metrics));
  });
  afterAll(async () => {
    await receiver.close();
    await tenant.drop();
  });
  beforeEach(async () => {
    await tenant.pool.query('DELETE FROM webhook_endpoints');
    await tenant.pool.query('DELETE FROM events');
    receiver.received.length = 0;
    receiver.statuses.length = 0;
  });

  const customer = { object: 'customer', id: '7f1c2a5e-0000-4000-8000-000000000001', name: 'Wanjiru', balance: 1500n, createdAt: new Date('2026-03-01T00:00:00Z') };

  it('stores the envelope text exactly, whatever the resource holds (quotes, backslashes, newlines, bigints, dates)', async () => {
    const awkward = { ...customer, name: 'Wanjiru "Wa" \\ Kamau\nLine 2 {a,b} NULL', metadata: { 'k"ey': 'v\\alue' } };
    const event = await recordEvent(tenant.pool, { type: 'customer.created', object: awkward });
    const { rows } = await tenant.pool.query<{ body: string }>('SELECT body FROM events WHERE id = $1', [event.id]);
    expect(JSON.parse(rows[0]!.body)).toEqual(event);
    expect(event.data.object).toEqual({ ...awkward, balance: 1500, createdAt: '2026-03-01T00:00:00.000Z' });
  });

  it('writes an event only when the transaction commits (rolled back with it)', async () => {
    await expect(
      inTransaction(tenant.pool, async (client) => {
        await recordEvent(client, { type: 'customer.created', object: customer });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await tenant.pool.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(0);

    const event = await inTransaction(tenant.pool, (client) => recordEvent(client, { type: 'customer.created', object: customer }));
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{24}$/),
      object: 'event',
      type: 'customer.created',
      created: expect.any(Number),
      livemode: true,
      data: { object: { object: 'customer', id: customer.id, name: 'Wanjiru', balance: 1500, createdAt: '2026-03-01T00:00:00.000Z' } },
    });
    expect(await getEvent(tenant.db, event.id)).toEqual(event);
    expect((await listEvents(tenant.db, { limit: 10 })).data.map((e) => e.id)).toEqual([event.id]);
    await expect(getEvent(tenant.db, 'evt_000000000000000000000000')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it("records livemode as the database's own mode: false in a test-mode database (nova.livemode, set when it is created)", async () => {
    const event = await inTransaction(tenant.pool, async (client) => {
      // What TenantDatabases.create sets on a test database, for every session on it; here for one transaction.
      await client.query(`SELECT set_config('nova.livemode', 'false', true)`);
      return recordEvent(client, { type: 'customer.updated', object: { ...customer, livemode: true } });
    });
    const stored = await getEvent(tenant.db, event.id);
    expect(stored.livemode).toBe(false);
    // Only the envelope's: the object's own fields are kept as they were.
    expect(stored.data.object).toMatchObject({ livemode: true });
  });

  it('creates an endpoint with a whsec_ secret shown once and stored sealed; refuses bad event types naming the field', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['invoice.paid', 'invoice.paid'], description: 'ERP' });
    expect(endpoint).toMatchObject({ object: 'webhook_endpoint', url: receiver.url, enabledEvents: ['invoice.paid'], enabled: true, secret: expect.stringMatching(/^whsec_/) });
    const row = (await tenant.pool.query('SELECT sealed_secret FROM webhook_endpoints WHERE id = $1', [endpoint.id])).rows[0];
    expect(row.sealed_secret).not.toContain(endpoint.secret);
    expect(secrets.open(endpoint.id, row.sealed_secret)).toBe(endpoint.secret);
    expect(await getWebhookEndpoint(tenant.db, endpoint.id)).not.toHaveProperty('secret');
    await expect(create.execute({ url: receiver.url, enabledEvents: ['invoice.payed'] })).rejects.toMatchObject({ details: { fields: [{ field: 'enabledEvents' }] } });
    const strict = new CreateWebhookEndpoint({ connection: async () => tenant.db } as unknown as TenantDb, secrets, new WebhooksConfig(false, 1_000, 1_000, 2_000, 24));
    await expect(strict.execute({ url: receiver.url, enabledEvents: ['*'] })).rejects.toMatchObject({ details: { fields: [{ field: 'url' }] } });
    expect((await listWebhookEndpoints(tenant.db, { limit: 10 })).data).toHaveLength(1);
    await deleteWebhookEndpoint(tenant.db, endpoint.id);
    await expect(getWebhookEndpoint(tenant.db, endpoint.id)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('schedules each event exactly once per subscribed endpoint, even with concurrent relays', async () => {
    const all = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const paidOnly = await create.execute({ url: `${receiver.url}?paid`, enabledEvents: ['invoice.paid'] });
    const off = await create.execute({ url: `${receiver.url}?off`, enabledEvents: ['*'] });
    await update.execute({ id: off.id, enabled: false });
    for (let i = 0; i < 30; i += 1) await recordEvent(tenant.pool, { type: i % 3 === 0 ? 'invoice.paid' : 'customer.updated', object: { object: 'x', i } });

    const results = await Promise.all([relayEvents(tenant.db, { batchSize: 7 }), relayEvents(tenant.db, { batchSize: 7 }), relayEvents(tenant.db, { batchSize: 7 })]);
    expect(results.reduce((sum, r) => sum + r.events, 0)).toBe(30);
    expect(results.reduce((sum, r) => sum + r.deliveries, 0)).toBe(40); // 30 to `all`, 10 invoice.paid to `paidOnly`
    const { rows } = await tenant.pool.query('SELECT endpoint_id, count(*)::int AS n, count(DISTINCT event_id)::int AS events FROM webhook_deliveries GROUP BY endpoint_id');
    expect(Object.fromEntries(rows.map((r) => [r.endpoint_id, [r.n, r.events]]))).toEqual({ [all.id]: [30, 30], [paidOnly.id]: [10, 10] });
    expect(await relayEvents(tenant.db)).toEqual({ events: 0, deliveries: 0 });
  });

  it('delivers signed JSON a receiver verifies, retries a 500 with backoff, and logs each attempt', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const event = await recordEvent(tenant.pool, { type: 'invoice.paid', object: { object: 'invoice', id: 'inv_1' } });
    await relayEvents(tenant.db);
    receiver.statuses.push(500);

    const before = await attempts();
    expect(await deliver.execute()).toMatchObject({ attempted: 1, succeeded: 0, failed: 1 });
    expect(await attempts()).toEqual({ ...before, retrying: (before.retrying ?? 0) + 1 });
    let [delivery] = (await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 10 })).data;
    expect(delivery).toMatchObject({ object: 'webhook_delivery', eventId: event.id, eventType: 'invoice.paid', status: 'pending', attempts: 1, responseStatus: 500, error: 'HTTP 500' });
    expect(delivery!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await deliver.execute()).toMatchObject({ attempted: 0 }); // not due yet

    await tenant.pool.query('UPDATE webhook_deliveries SET next_attempt_at = now()');
    expect(await deliver.execute()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(await attempts()).toEqual({ ...before, retrying: (before.retrying ?? 0) + 1, succeeded: (before.succeeded ?? 0) + 1 });
    [delivery] = (await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 10 })).data;
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200, error: null, nextAttemptAt: null });

    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1]!;
    expect(JSON.parse(last.body)).toEqual(event);
    expect(verifySignature(last.signature, last.body, endpoint.secret)).toBe(true);
    expect(verifySignature(last.signature, last.body, 'whsec_wrong')).toBe(false);
  });

  it('signs with both secrets during a rotation overlap, with the new one only after it', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const rotated = await rotate.execute({ id: endpoint.id });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.previousSecretExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    await deliver.execute();
    const during = receiver.received.at(-1)!;
    expect(during.signature.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(during.signature, during.body, endpoint.secret)).toBe(true);
    expect(verifySignature(during.signature, during.body, rotated.secret)).toBe(true);

    await tenant.pool.query(`UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second'`);
    await resendEvent(tenant.db, { eventId: JSON.parse(during.body).id });
    await deliver.execute();
    const after = receiver.received.at(-1)!;
    expect(after.signature.match(/v1=/g)).toHaveLength(1);
    expect(verifySignature(after.signature, after.body, rotated.secret)).toBe(true);
    expect(verifySignature(after.signature, after.body, endpoint.secret)).toBe(false);
  });

  it('disables an endpoint whose attempts failed for 3 days, stops its deliveries, and reports it once', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await recordEvent(tenant.pool, { type: 'customer.updated', object: customer });
    await relayEvents(tenant.db);
    // Failing since three days ago; one delivery due now, the other later.
    await tenant.pool.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '3 days'`);
    await tenant.pool.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE id = (SELECT id FROM webhook_deliveries LIMIT 1)`);
    receiver.statuses.push(503);

    const before = await attempts();
    const result = await deliver.execute();
    // Its endpoint disabled, the attempt failed for good, not to be retried.
    expect(await attempts()).toEqual({ ...before, failed: (before.failed ?? 0) + 1 });
    expect(result).toMatchObject({ attempted: 1, failed: 1, disabledEndpoints: [{ id: endpoint.id, url: receiver.url }] });
    expect(await getWebhookEndpoint(tenant.db, endpoint.id)).toMatchObject({ enabled: false, disabledReason: ENDPOINT_DISABLED_REASON });
    const statuses = (await tenant.pool.query('SELECT status FROM webhook_deliveries ORDER BY status')).rows.map((r) => r.status);
    expect(statuses).toEqual(['failed', 'failed']);
    await expect(resendEvent(tenant.db, { eventId: (await listEvents(tenant.db, { limit: 1 })).data[0]!.id, endpointId: endpoint.id })).rejects.toMatchObject({ code: ErrorCode.Conflict });

    // Enabled again: the failure history is forgotten.
    expect(await update.execute({ id: endpoint.id, enabled: true })).toMatchObject({ enabled: true, disabledReason: null });
    expect((await tenant.pool.query('SELECT failing_since FROM webhook_endpoints')).rows[0].failing_since).toBeNull();
  });

  it('gives a delivery up after 3 days of retries, and resend makes it due again', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const event = await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    await tenant.pool.query(`UPDATE webhook_deliveries SET created_at = now() - interval '3 days'`);
    receiver.statuses.push(500);
    const before = await attempts();
    await deliver.execute();
    expect(await attempts()).toEqual({ ...before, failed: (before.failed ?? 0) + 1 });
    expect((await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 1 })).data[0]).toMatchObject({ status: 'failed', nextAttemptAt: null });

    const resent = await resendEvent(tenant.db, { eventId: event.id });
    expect(resent).toEqual([expect.objectContaining({ endpointId: endpoint.id, status: 'pending' })]);
    expect(await deliver.execute()).toMatchObject({ succeeded: 1 });
  });

  it('a resend asked for while an attempt is in flight stays due: the attempt is logged, the delivery not closed', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const event = await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    const [claimed] = await claimDueDeliveries(tenant.pool, 10, 60_000);
    expect(claimed).toMatchObject({ endpointId: endpoint.id, leaseUntil: expect.any(Date) });
    // The receiver answered; before the worker writes it down, someone resends the event.
    await resendEvent(tenant.db, { eventId: event.id, endpointId: endpoint.id });
    await recordAttempt(tenant.pool, claimed!.id, 1, { status: 'succeeded', nextAttemptAt: null, responseStatus: 200, durationMs: 5, error: null, at: new Date() }, claimed!.leaseUntil);
    expect((await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 1 })).data[0]).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 200 });
    expect(await deliver.execute()).toMatchObject({ succeeded: 1 });
  });

  it('follows no redirect and gives up on a receiver that does not answer in time', async () => {
    const impatient = new DeliverWebhooks({ connection: async () => tenant.db } as unknown as TenantDb, secrets, new WebhooksConfig(true, 1_000, 1_000, 300, 24));
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    receiver.statuses.push(302, 0);
    await impatient.execute();
    expect((await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 1 })).data[0]).toMatchObject({ status: 'pending', responseStatus: 302, error: 'HTTP 302 (redirects are not followed)' });
    await tenant.pool.query('UPDATE webhook_deliveries SET next_attempt_at = now()');
    await impatient.execute();
    const [timedOut] = (await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 1 })).data;
    expect(timedOut).toMatchObject({ status: 'pending', attempts: 2, responseStatus: null, error: 'timed out after 300 ms' });
    expect(timedOut!.durationMs).toBeGreaterThanOrEqual(290);
    expect(receiver.received).toHaveLength(2); // the redirect's target was never asked
  });

  it('loses nothing when a worker dies mid-attempt: the claim is a lease, due again once it runs out', async () => {
    await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const event = await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    // A worker claims the delivery and dies before it records anything.
    expect(await claimDueDeliveries(tenant.pool, 10, 60_000)).toHaveLength(1);
    expect(await deliver.execute()).toMatchObject({ attempted: 0 }); // leased to the dead worker
    await tenant.pool.query(`UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 second'`); // the lease runs out
    expect(await deliver.execute()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(receiver.received.map((r) => JSON.parse(r.body).id)).toEqual([event.id]);
  });

  it('refuses to connect to a private address when they are not allowed, after DNS', async () => {
    const strict = new WebhooksConfig(false, 1_000, 1_000, 2_000, 24);
    const strictDeliver = new DeliverWebhooks({ connection: async () => tenant.db } as unknown as TenantDb, secrets, strict);
    const endpoint = await create.execute({ url: receiver.url.replace('127.0.0.1', 'localhost'), enabledEvents: ['*'] });
    await recordEvent(tenant.pool, { type: 'customer.created', object: customer });
    await relayEvents(tenant.db);
    expect(await strictDeliver.execute()).toMatchObject({ failed: 1 });
    const [delivery] = (await listWebhookDeliveries(tenant.db, { endpointId: endpoint.id, limit: 1 })).data;
    expect(delivery!.error).toMatch(/^refused: the host resolves to a non-public address/);
    expect(receiver.received).toHaveLength(0);
  });

  it('prunes events past EVENTS_RETENTION_DAYS with their delivery log, never one still waiting for the relay or a retry', async () => {
    const endpoint = await create.execute({ url: receiver.url, enabledEvents: ['*'] });
    const ids: Record<string, string> = {};
    for (const name of ['oldDelivered', 'oldRetrying', 'oldUnrelayed', 'recent', 'oldNoEndpoint']) ids[name] = (await recordEvent(tenant.pool, { type: 'customer.updated', object: { object: 'x', name } })).id;
    await relayEvents(tenant.db);
    await tenant.pool.query(`UPDATE webhook_deliveries SET status = 'succeeded' WHERE event_id <> $1`, [ids.oldRetrying]);
    await tenant.pool.query(`DELETE FROM webhook_deliveries WHERE event_id = $1`, [ids.oldNoEndpoint]);
    await tenant.pool.query(`UPDATE events SET relayed_at = NULL WHERE id = $1`, [ids.oldUnrelayed]);
    await tenant.pool.query(`UPDATE events SET created_at = now() - interval '31 days' WHERE id <> $1`, [ids.recent]);

    // Batches of one: the loop runs until nothing is left to prune.
    const result = await pruneEvents(tenant.db, { retentionDays: 30, batchSize: 1 });
    expect(result.deleted).toBe(2);
    const left = (await tenant.pool.query<{ id: string }>('SELECT id FROM events ORDER BY id')).rows.map((row) => row.id).sort();
    expect(left).toEqual([ids.oldRetrying, ids.oldUnrelayed, ids.recent].sort());
    const deliveries = (await tenant.pool.query<{ event_id: string }>('SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1', [endpoint.id])).rows.map((row) => row.event_id).sort();
    expect(deliveries).toEqual([ids.oldRetrying, ids.oldUnrelayed, ids.recent].sort());
    await expect(getEvent(tenant.db, ids.oldDelivered!)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    // A retention shorter than the 3 days of retries is refused.
    await expect(pruneEvents(tenant.db, { retentionDays: 3 })).rejects.toThrow(RangeError);
  });
});
