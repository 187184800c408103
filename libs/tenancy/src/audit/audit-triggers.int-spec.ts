// The audit triggers and the audited pool on a real migrated tenant database: what one use case's
// write records, what a rollback leaves, what is masked, and that the log is append-only.
import { Pool } from 'pg';
import { adjustCustomerBalance, createCustomer, updateCustomer } from '@nova/billing';
import { inTransaction } from '@nova/common';
import { tenantDatabaseOn, type TenantDatabase } from '@nova/tenant-db';
import { migratedTenantDb, MigratedTenantDb, seedSubscription } from '../../../../test/support/migrated-tenant-db';
import { type AuditActor, auditContextSetting, systemActor } from './audit-context';
import { auditedPool } from './audited-pool';
import { insertAuditEntry } from './audit-log.repository';

/** Tables deliberately without an audit trigger (the audit_log migration says why). */
// The outbox and its delivery log are records of what was sent, and platform_usage counts rows that are audited themselves: not business state of their own.
const UNAUDITED_TABLES = ['_prisma_migrations', 'audit_log', 'cdr_rating_queue', 'credit_note_sequence', 'events', 'idempotency_keys', 'invoice_sequence', 'platform_usage', 'receipt_sequence', 'webhook_deliveries'];

describe('audit triggers', () => {
  let tenant: MigratedTenantDb;
  const alice: AuditActor = { type: 'user', id: '7b0e2f44-98a1-4c1e-9a55-0d6f3c0d1a11', label: 'alice@acme.test' };
  const origin = { ip: '203.0.113.7', userAgent: 'curl/8.5', requestId: 'req-audit-1' };
  const as = (actor: AuditActor, requestId = origin.requestId): TenantDatabase =>
    tenantDatabaseOn(auditedPool(tenant.pool, async () => auditContextSetting(actor, { ...origin, requestId })));
  const entries = async (where = 'true', values: unknown[] = []) =>
    (await tenant.pool.query(`SELECT action, object_type, object_id, actor_type, actor_id, actor_label, ip, user_agent, request_id, before, after FROM audit_log WHERE ${where} ORDER BY id`, values)).rows;

  beforeAll(async () => {
    tenant = await migratedTenantDb('audit_triggers');
  });
  afterAll(() => tenant.drop());

  it('records a use case\'s creation once, with the actor, the origin and the whole new row', async () => {
    const customer = await createCustomer(as(alice), { name: 'Wanjiru', email: 'wanjiru@example.test' }, { customers: null });

    expect(await entries('object_id = $1', [customer.id])).toEqual([
      expect.objectContaining({
        action: 'customer.created', object_type: 'customer', actor_type: 'user', actor_id: alice.id, actor_label: 'alice@acme.test',
        ip: '203.0.113.7', user_agent: 'curl/8.5', request_id: 'req-audit-1', before: null,
        after: expect.objectContaining({ id: customer.id, name: 'Wanjiru', email: 'wanjiru@example.test' }),
      }),
    ]);
  });

  it('records an update with the changed fields only (not updated_at, not the fields left alone)', async () => {
    const customer = await createCustomer(as(alice), { name: 'Otieno', email: 'otieno@example.test' }, { customers: null });
    await updateCustomer(as(alice, 'req-audit-2'), { id: customer.id, name: 'Otieno Ltd' });

    expect(await entries('object_id = $1 AND request_id = $2', [customer.id, 'req-audit-2'])).toEqual([
      expect.objectContaining({ action: 'customer.updated', before: { name: 'Otieno' }, after: { name: 'Otieno Ltd' } }),
    ]);
  });

  it('records nothing for an update that changes nothing', async () => {
    const customer = await createCustomer(as(alice), { name: 'Njeri', email: 'njeri@example.test' }, { customers: null });
    await updateCustomer(as(alice, 'req-audit-noop'), { id: customer.id, name: 'Njeri' });

    expect(await entries('request_id = $1', ['req-audit-noop'])).toEqual([]);
  });

  it('names a status change status_changed, with the status before and after', async () => {
    const { subscriptionId } = await seedSubscription(tenant.pool);
    await as(systemActor('billing.run-tenant'), 'corr-9').pool.query(`UPDATE subscriptions SET status = 'past_due' WHERE id = $1`, [subscriptionId]);

    expect(await entries('object_id = $1 AND request_id = $2', [subscriptionId, 'corr-9'])).toEqual([
      expect.objectContaining({
        action: 'subscription.status_changed', actor_type: 'system', actor_id: 'billing.run-tenant', actor_label: 'system:billing.run-tenant',
        before: { status: 'active' }, after: { status: 'past_due' },
      }),
    ]);
  });

  it('records every row of a multi-table use case in its transaction, under one transaction id', async () => {
    const customer = await createCustomer(as(alice), { name: 'Kamau', email: 'kamau@example.test' }, { customers: null });
    await adjustCustomerBalance(as(alice, 'req-audit-credit'), { customerId: customer.id, currency: 'KES', amount: 50_000n, reason: 'goodwill' });

    const rows = (await tenant.pool.query(`SELECT action, transaction_id FROM audit_log WHERE request_id = 'req-audit-credit' ORDER BY id`)).rows;
    // The balance row is made at zero, then moved under its row lock: both are recorded.
    expect(rows.map((row) => row.action).sort()).toEqual(['customer_balance.created', 'customer_balance.updated', 'customer_balance_transaction.created']);
    expect(new Set(rows.map((row) => row.transaction_id)).size).toBe(1);
  });

  it('leaves no entry when the transaction rolls back', async () => {
    const db = as(alice, 'req-audit-rollback');
    await expect(
      inTransaction(db.pool, async (client) => {
        await client.query(`INSERT INTO products (id, name, updated_at) VALUES (gen_random_uuid(), 'Ghost', now())`);
        throw new Error('the use case failed after its write');
      }),
    ).rejects.toThrow('the use case failed');

    expect(await entries('request_id = $1', ['req-audit-rollback'])).toEqual([]);
    expect((await tenant.pool.query(`SELECT 1 FROM products WHERE name = 'Ghost'`)).rowCount).toBe(0);
  });

  it('masks provider credentials, webhook secrets, payment-method tokens and raw webhook bodies, created or changed', async () => {
    const db = as(alice, 'req-audit-secrets');
    const { rows } = await db.pool.query<{ id: string }>(
      `INSERT INTO payment_provider_accounts (id, provider, name, encrypted_credentials, encrypted_webhook_secret, credential_hints, updated_at)
       VALUES (gen_random_uuid(), 'paystack', 'Paystack', 'sealed:sk_live_SECRET1', 'sealed:whsec_SECRET2', '{"secretKey":"sk_live_…1234"}', now()) RETURNING id`,
    );
    const accountId = rows[0]!.id;
    await db.pool.query(`UPDATE payment_provider_accounts SET encrypted_credentials = 'sealed:sk_live_SECRET3' WHERE id = $1`, [accountId]);
    const customer = await createCustomer(db, { name: 'Achieng', email: 'achieng@example.test' }, { customers: null });
    await db.pool.query(
      `INSERT INTO payment_methods (id, customer_id, account_id, encrypted_token, token_hint, token_fingerprint)
       VALUES (gen_random_uuid(), $1, $2, 'sealed:AUTH_SECRET4', 'AUTH…x9', 'fp_SECRET5')`,
      [customer.id, accountId],
    );
    await db.pool.query(
      `INSERT INTO webhook_events (id, account_id, provider, event_id, type, provider_reference, currency, occurred_at, raw_body, saved_method)
       VALUES (gen_random_uuid(), $1, 'paystack', 'evt_1', 'payment.succeeded', 'ref_1', 'KES', now(), '{"authorization":"AUTH_SECRET6"}', '{"encryptedToken":"SECRET7"}')`,
      [accountId],
    );

    const recorded = await entries('request_id = $1', ['req-audit-secrets']);
    expect(recorded.map((entry) => entry.action)).toEqual([
      'payment_provider_account.created', 'payment_provider_account.updated', 'customer.created', 'payment_method.created', 'webhook_event.created',
    ]);
    expect(JSON.stringify(recorded)).not.toMatch(/SECRET/);
    expect(recorded[0].after).toMatchObject({ encrypted_credentials: '[masked]', encrypted_webhook_secret: '[masked]', credential_hints: { secretKey: 'sk_live_…1234' } });
    expect(recorded[1]).toMatchObject({ before: { encrypted_credentials: '[masked]' }, after: { encrypted_credentials: '[masked]' } });
    expect(recorded[3].after).toMatchObject({ encrypted_token: '[masked]', token_fingerprint: '[masked]', token_hint: 'AUTH…x9' });
    expect(recorded[4].after).toMatchObject({ raw_body: '[masked]', saved_method: '[masked]' });
  });

  it('records a bulk insert into a statement-level table (CDRs) as one entry with its row count', async () => {
    await as(systemActor('rating.rate-cdrs'), 'req-audit-cdrs').pool.query(
      `INSERT INTO cdrs (switch_id, caller_number, called_number, started_at, duration_ms)
       SELECT 'audit-' || g, '254700000001', '254711000002', now(), 1000 FROM generate_series(1, 250) g`,
    );

    expect(await entries('request_id = $1', ['req-audit-cdrs'])).toEqual([expect.objectContaining({ action: 'cdr.created', object_id: null, after: { rows: 250 } })]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the audit log', async () => {
    await expect(tenant.pool.query(`UPDATE audit_log SET action = 'customer.forged'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(tenant.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(tenant.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(Number((await tenant.pool.query('SELECT count(*) FROM audit_log')).rows[0].count)).toBeGreaterThan(0);
  });

  it('records a write made without any context as the unknown actor, and never leaks one request\'s actor to the next user of a connection', async () => {
    // One connection, so the raw write below reuses the very connection the audited writes used.
    const single = new Pool({ connectionString: (tenant.pool as unknown as { options: { connectionString: string } }).options.connectionString, max: 1 });
    try {
      const audited = auditedPool(single, async () => auditContextSetting(alice, { requestId: 'req-audit-leak' }));
      await createCustomer(tenantDatabaseOn(audited), { name: 'First', email: 'first@example.test' }, { customers: null });
      await inTransaction(audited, (client) => client.query(`INSERT INTO products (id, name, updated_at) VALUES (gen_random_uuid(), 'In a transaction', now())`));
      const raw = await createCustomer(tenantDatabaseOn(single), { name: 'Unattributed', email: 'raw@example.test' }, { customers: null });

      expect(await entries('object_id = $1', [raw.id])).toEqual([expect.objectContaining({ action: 'customer.created', actor_type: 'unknown', actor_id: null, request_id: null })]);
      expect((await entries('request_id = $1', ['req-audit-leak'])).map((entry) => entry.action)).toEqual(['customer.created', 'product.created']);
    } finally {
      await single.end();
    }
  });

  it('keeps two concurrent requests\' actors apart on one pool', async () => {
    const bob: AuditActor = { type: 'api_key', id: '1c9d7a0e-5a8b-4f0e-8d8e-0b6b9a1b2c3d', label: 'sk_live_ab12' };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => createCustomer(as(i % 2 ? alice : bob, `req-audit-concurrent-${i}`), { name: `Concurrent ${i}`, email: `c${i}@example.test` }, { customers: null })),
    );

    const rows = await entries(`request_id LIKE 'req-audit-concurrent-%'`);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      const i = Number(row.request_id.split('-').pop());
      expect(row).toMatchObject({ actor_id: (i % 2 ? alice : bob).id, after: expect.objectContaining({ name: `Concurrent ${i}` }) });
    }
  });

  it('records a central-database change written by code through the same function: the actor from the context, hashes masked', async () => {
    await insertAuditEntry(as(alice, 'req-audit-central').pool, {
      action: 'admin_user.updated',
      objectType: 'admin_user',
      objectId: alice.id,
      before: { password_hash: '$argon2id$old', role: 'admin' },
      after: { password_hash: '$argon2id$new', role: 'owner' },
    });

    expect(await entries('request_id = $1', ['req-audit-central'])).toEqual([
      expect.objectContaining({
        action: 'admin_user.updated', actor_type: 'user', actor_label: 'alice@acme.test',
        before: { password_hash: '[masked]', role: 'admin' }, after: { password_hash: '[masked]', role: 'owner' },
      }),
    ]);
  });

  it('audits every table of the tenant schema but the ones left out on purpose', async () => {
    const { rows } = await tenant.pool.query<{ table_name: string }>(
      `SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r'
          AND NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                           WHERE t.tgrelid = c.oid AND p.proname IN ('nova_audit_row', 'nova_audit_statement'))
        ORDER BY 1`,
    );

    expect(rows.map((row) => row.table_name)).toEqual(UNAUDITED_TABLES);
  });
});
