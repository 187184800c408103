// listAuditLog and pruneAuditLog on a real migrated tenant database.
import { tenantDatabaseOn } from '@nova/tenant-db';
import { migratedTenantDb, MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { auditContextSetting } from '../audit/audit-context';
import { auditedPool } from '../audit/audited-pool';
import { listAuditLog, pruneAuditLog } from './audit-log';

describe('audit log use cases', () => {
  let tenant: MigratedTenantDb;
  const now = new Date('2027-06-01T12:00:00Z');

  beforeAll(async () => {
    tenant = await migratedTenantDb('audit_log_use_cases');
    const audited = auditedPool(tenant.pool, async () => auditContextSetting({ type: 'user', id: 'u-1', label: 'alice@acme.test' }, { requestId: 'req-list' }));
    for (const name of ['One', 'Two', 'Three']) await audited.query(`INSERT INTO products (id, name, updated_at) VALUES (gen_random_uuid(), $1, now())`, [name]);
    // Entries staged at chosen instants (the log takes inserts; only the prune deletes).
    await tenant.pool.query(
      `INSERT INTO audit_log (occurred_at, action, object_type, object_id, actor_type, actor_id, transaction_id, after)
       SELECT $1::timestamptz - make_interval(days => d), 'customer.created', 'customer', 'staged-' || d, 'system', 'billing.run-tenant', 1, '{}'
         FROM unnest(ARRAY[500, 401, 399, 10]) AS d`,
      [now],
    );
  });
  afterAll(() => tenant.drop());

  it('lists newest first, filtered, one keyset page at a time', async () => {
    const products = await listAuditLog(tenant.db, { limit: 2, objectType: 'product' });
    expect(products.data.map((entry) => entry.after?.name)).toEqual(['Three', 'Two']);
    expect(products.data[0]).toMatchObject({ action: 'product.created', actorType: 'user', actorId: 'u-1', actorLabel: 'alice@acme.test', requestId: 'req-list' });
    const rest = await listAuditLog(tenant.db, { limit: 2, objectType: 'product', cursor: products.nextCursor! });
    expect(rest).toMatchObject({ hasMore: false, nextCursor: null });
    expect(rest.data.map((entry) => entry.after?.name)).toEqual(['One']);

    const staged = await listAuditLog(tenant.db, { limit: 10, actorId: 'billing.run-tenant', createdGte: new Date(now.getTime() - 450 * 86_400_000), createdLt: now });
    expect(staged.data.map((entry) => entry.objectId)).toEqual(['staged-10', 'staged-399', 'staged-401']);
  });

  it('refuses a cursor or an id that is not one of its entries', async () => {
    await expect(listAuditLog(tenant.db, { limit: 2, startingAfter: 'not-an-id' })).rejects.toMatchObject({ details: { fields: [{ field: 'starting_after' }] } });
    await expect(listAuditLog(tenant.db, { limit: 2, cursor: Buffer.from('2027-01-01T00:00:00.000Z|abc').toString('base64url') })).rejects.toMatchObject({ details: { fields: [{ field: 'cursor' }] } });
  });

  it('prunes what is past retention in batches, and keeps the rest', async () => {
    const result = await pruneAuditLog(tenant.db, { retentionDays: 400, now, batchSize: 1 });

    expect(result).toEqual({ deleted: 2, before: new Date('2026-04-27T12:00:00Z') });
    const left = (await tenant.pool.query(`SELECT object_id FROM audit_log WHERE object_id LIKE 'staged-%' ORDER BY object_id`)).rows.map((row) => row.object_id);
    expect(left).toEqual(['staged-10', 'staged-399']);
    // The prune's permission ends with its transaction: the log is append-only again.
    await expect(tenant.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});
