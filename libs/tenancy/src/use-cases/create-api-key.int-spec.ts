import { createHash } from 'node:crypto';
import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { ApiKeyResolver } from '../api-key-resolver';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { RevokeApiKey } from './revoke-api-key';

describe('API keys: createApiKey, listApiKeys, RevokeApiKey, ApiKeyResolver (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let resolver: ApiKeyResolver;
  let revokeApiKey: RevokeApiKey;

  beforeAll(async () => {
    db = await migratedCentralDb('api_keys_uc');
    services = tenancyServices(db);
    resolver = new ApiKeyResolver(db.central, services.bus, db.config.auth);
    revokeApiKey = new RevokeApiKey(db.central, services.bus);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('creates a key whose secret is stored only as its SHA-256, resolves it, and refuses it once revoked', async () => {
    const { tenantId, userId } = await seedTenant(db.central);
    const { key, secret } = await createApiKey(db.central, { tenantId, name: 'Production', mode: 'live', createdById: userId });
    expect(secret).toMatch(/^sk_live_[A-Za-z0-9]{40}$/);
    expect(key).toMatchObject({ tenantId, name: 'Production', mode: 'live', prefix: secret.slice(0, 12), last4: secret.slice(-4), createdById: userId, revokedAt: null });

    const { rows } = await db.central.pool.query('SELECT * FROM api_keys WHERE id = $1', [key.id]);
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(secret);

    expect(await resolver.resolve(secret)).toEqual({ id: key.id, tenantId, mode: 'live' });
    const revoked = await revokeApiKey.execute({ tenantId, apiKeyId: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    // The cached resolution is dropped by the announcement, well before the cache's TTL.
    expect(await resolver.resolve(secret)).toBeNull();
    // Revoking again changes nothing.
    expect((await revokeApiKey.execute({ tenantId, apiKeyId: key.id })).revokedAt).toEqual(revoked.revokedAt);
  });

  it('lists the tenant\'s keys newest first, and only its own', async () => {
    const { tenantId } = await seedTenant(db.central);
    const other = await seedTenant(db.central);
    const first = await createApiKey(db.central, { tenantId, name: 'first', mode: 'test' });
    const second = await createApiKey(db.central, { tenantId, name: 'second', mode: 'live' });
    await createApiKey(db.central, { tenantId: other.tenantId, name: 'not mine', mode: 'live' });
    expect((await listApiKeys(db.central, { tenantId })).map((key) => key.id)).toEqual([second.key.id, first.key.id]);
  });

  it('refuses a key beyond the tenant\'s limit of active ones; a revoked key frees a place', async () => {
    const { tenantId } = await seedTenant(db.central, { maxApiKeys: 2 });
    const first = await createApiKey(db.central, { tenantId, name: 'a', mode: 'live' });
    await createApiKey(db.central, { tenantId, name: 'b', mode: 'live' });
    await expect(createApiKey(db.central, { tenantId, name: 'c', mode: 'live' })).rejects.toMatchObject({ code: ErrorCode.LimitReached });
    await revokeApiKey.execute({ tenantId, apiKeyId: first.key.id });
    await expect(createApiKey(db.central, { tenantId, name: 'c', mode: 'live' })).resolves.toBeTruthy();
  });

  it('does not revoke another tenant\'s key, and resolves no malformed or unknown secret', async () => {
    const owner = await seedTenant(db.central);
    const intruder = await seedTenant(db.central);
    const { key, secret } = await createApiKey(db.central, { tenantId: owner.tenantId, name: 'mine', mode: 'live' });
    await expect(revokeApiKey.execute({ tenantId: intruder.tenantId, apiKeyId: key.id })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
    expect(await resolver.resolve(secret)).toEqual({ id: key.id, tenantId: owner.tenantId, mode: 'live' });
    expect(await resolver.resolve('sk_live_short')).toBeNull();
    expect(await resolver.resolve(`sk_test_${'x'.repeat(40)}`)).toBeNull();
  });
});
