import { createHash } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import { MigratedCentralDb, migratedCentralDb, seedTenant } from '../../../../test/support/migrated-central-db';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';

describe('createApiKey and listApiKeys (real central database)', () => {
  let db: MigratedCentralDb;
  beforeAll(async () => {
    db = await migratedCentralDb('create_api_key_uc');
  });
  afterAll(() => db.drop());

  it('creates a key whose secret is returned once and stored only as its SHA-256', async () => {
    const { tenantId, userId } = await seedTenant(db.central);
    const { key, secret } = await createApiKey(db.central, { tenantId, name: 'Production', mode: 'live', createdById: userId });
    expect(secret).toMatch(/^sk_live_[A-Za-z0-9]{40}$/);
    expect(key).toMatchObject({ tenantId, name: 'Production', mode: 'live', prefix: secret.slice(0, 12), last4: secret.slice(-4), createdById: userId, revokedAt: null });

    const { rows } = await db.central.pool.query('SELECT * FROM api_keys WHERE id = $1', [key.id]);
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(secret);
  });

  it("lists the tenant's keys newest first, and only its own", async () => {
    const { tenantId } = await seedTenant(db.central);
    const other = await seedTenant(db.central);
    const first = await createApiKey(db.central, { tenantId, name: 'first', mode: 'test' });
    const second = await createApiKey(db.central, { tenantId, name: 'second', mode: 'live' });
    await createApiKey(db.central, { tenantId: other.tenantId, name: 'not mine', mode: 'live' });
    expect((await listApiKeys(db.central, { tenantId, limit: 100 })).data.map((key) => key.id)).toEqual([second.key.id, first.key.id]);
  });

  it("refuses a key beyond the apiKeys limit of the tenant's plan; a revoked key frees a place", async () => {
    const { tenantId } = await seedTenant(db.central, { plan: 'free' });
    const first = await createApiKey(db.central, { tenantId, name: 'a', mode: 'live' });
    await createApiKey(db.central, { tenantId, name: 'b', mode: 'live' });
    await expect(createApiKey(db.central, { tenantId, name: 'c', mode: 'live' })).rejects.toMatchObject({
      code: ErrorCode.PlanLimitReached,
      details: { limit: { name: 'apiKeys', used: 2, max: 2 } },
    });
    await db.central.pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [first.key.id]);
    await expect(createApiKey(db.central, { tenantId, name: 'c', mode: 'live' })).resolves.toBeTruthy();
  });

  it('refuses a key for an unknown tenant', async () => {
    await expect(createApiKey(db.central, { tenantId: '00000000-0000-4000-8000-000000000000', name: 'x', mode: 'live' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
