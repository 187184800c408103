import type { Queue } from 'bullmq';
import type { PaymentWebhookEvent } from '@nova/payments';
import type { AuditTrail, TenantContext, TenantDb, TenantDirectory } from '@nova/tenancy';
import { migratedTenantDb, type MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import type { ProviderAccounts } from '../provider-accounts';
import type { SavedMethodSealer } from '../saved-methods';
import { ReceiveWebhook } from './receive-webhook';

const TENANT_ID = '11111111-1111-4111-8111-111111111111';

describe('ReceiveWebhook: intake stores each provider event once (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  let accountId: string;
  let intake: ReceiveWebhook;
  const enqueued: string[] = [];
  let parsed: PaymentWebhookEvent;

  beforeAll(async () => {
    tenant = await migratedTenantDb('webhook_intake');
    const { rows } = await tenant.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, credential_hints, updated_at) VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed', '{}', now()) RETURNING id`,
    );
    accountId = rows[0]!.id;
    // The provider's signature check is the adapter's (tested in libs/payments); here it accepts and returns `parsed`.
    const adapter = { parseWebhook: async () => parsed };
    intake = new ReceiveWebhook(
      { find: async (id: string) => (id === TENANT_ID ? { id, status: 'active', name: 'Acme' } : null) } as unknown as TenantDirectory,
      { enter: () => () => undefined, tenantId: TENANT_ID, jobTenant: { tenantId: TENANT_ID, mode: 'live' }, correlationId: 'corr-1' } as unknown as TenantContext,
      { connection: async () => tenant.db } as unknown as TenantDb,
      { actAs: () => undefined } as unknown as AuditTrail,
      { find: async (id: string) => (id === accountId ? { account: { id, provider: 'paystack', active: true }, adapter } : null) } as unknown as ProviderAccounts,
      { seal: () => ({ encryptedToken: 'sealed', tokenHint: 'AUTH…x9', tokenFingerprint: 'fp', providerCustomerId: null }) } as unknown as SavedMethodSealer,
      { add: async (_name: string, data: { webhookEventId: string }) => enqueued.push(data.webhookEventId) } as unknown as Queue,
    );
  });
  afterAll(() => tenant.drop());

  const delivery = () => ({ mode: 'live' as const, provider: 'paystack', tenantId: TENANT_ID, accountId, rawBody: Buffer.from('{"event":"charge.success"}'), headers: {}, query: {} });
  const stored = async (eventId: string) =>
    (await tenant.pool.query('SELECT id, type, provider_reference, amount::text, currency, status, raw_body, saved_method FROM webhook_events WHERE event_id = $1', [eventId])).rows;

  it('stores and enqueues a new event; a redelivery is a duplicate, nudged again only while unprocessed', async () => {
    parsed = {
      type: 'payment.succeeded', provider: 'paystack', eventId: 'charge.success:1', providerReference: 'pay_1', amountMinor: 250000n, currency: 'KES', occurredAt: new Date(),
      reusableMethod: { token: 'AUTH_secret' },
    } as PaymentWebhookEvent;

    expect(await intake.execute(delivery())).toEqual({ received: true, duplicate: false });
    const rows = await stored('charge.success:1');
    expect(rows).toEqual([
      { id: expect.any(String), type: 'payment.succeeded', provider_reference: 'pay_1', amount: '250000', currency: 'KES', status: 'received', raw_body: '{"event":"charge.success"}', saved_method: { encryptedToken: 'sealed', tokenHint: 'AUTH…x9', tokenFingerprint: 'fp', providerCustomerId: null } },
    ]);
    expect(enqueued).toEqual([rows[0].id]);

    expect(await intake.execute(delivery())).toEqual({ received: true, duplicate: true });
    expect(await stored('charge.success:1')).toHaveLength(1);
    expect(enqueued).toEqual([rows[0].id, rows[0].id]);

    await tenant.pool.query(`UPDATE webhook_events SET status = 'processed' WHERE id = $1`, [rows[0].id]);
    expect(await intake.execute(delivery())).toEqual({ received: true, duplicate: true });
    expect(enqueued).toHaveLength(2);
  });

  it('unknown tenants and accounts are a 404 and store nothing; an empty body is a 400', async () => {
    await expect(intake.execute({ ...delivery(), tenantId: '22222222-2222-4222-8222-222222222222' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(intake.execute({ ...delivery(), accountId: '33333333-3333-4333-8333-333333333333' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(intake.execute({ ...delivery(), provider: 'stripe' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(intake.execute({ ...delivery(), rawBody: Buffer.alloc(0) })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
