import { DomainError, ErrorCode } from '@nova/domain';
import { MigratedCentralDb, TenancyServices, migratedCentralDb, seedTenant, tenancyServices } from '../../../../test/support/migrated-central-db';
import { ApiKeyResolver } from '../api-key-resolver';
import { createApiKey } from './create-api-key';
import { RevokeApiKey } from './revoke-api-key';

describe('RevokeApiKey and ApiKeyResolver (real central database)', () => {
  let db: MigratedCentralDb;
  let services: TenancyServices;
  let resolver: ApiKeyResolver;
  let revokeApiKey: RevokeApiKey;

  beforeAll(async () => {
    db = await migratedCentralDb('revoke_api_key_uc');
    services = tenancyServices(db);
    resolver = new ApiKeyResolver(db.central, services.bus, db.config.auth);
    revokeApiKey = new RevokeApiKey(db.central, services.bus);
  });
  afterAll(async () => {
    await services.close();
    await db.drop();
  });

  it('resolves a key until it is revoked; the cached resolution goes with the announcement, not the TTL', async () => {
    const { tenantId } = await seedTenant(db.central);
    const { key, secret } = await createApiKey(db.central, { tenantId, name: 'Production', mode: 'live' });
    expect(await resolver.resolve(secret)).toEqual({ id: key.id, tenantId, mode: 'live', scope: 'full', prefix: key.prefix });

    const revoked = await revokeApiKey.execute({ tenantId, apiKeyId: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await resolver.resolve(secret)).toBeNull();
    // Revoking again changes nothing.
    expect((await revokeApiKey.execute({ tenantId, apiKeyId: key.id })).revokedAt).toEqual(revoked.revokedAt);
  });

  it("does not revoke another tenant's key, and resolves no malformed or unknown secret", async () => {
    const owner = await seedTenant(db.central);
    const intruder = await seedTenant(db.central);
    const { key, secret } = await createApiKey(db.central, { tenantId: owner.tenantId, name: 'mine', mode: 'live' });
    await expect(revokeApiKey.execute({ tenantId: intruder.tenantId, apiKeyId: key.id })).rejects.toMatchObject({ code: ErrorCode.NotFound, constructor: DomainError });
    expect(await resolver.resolve(secret)).toEqual({ id: key.id, tenantId: owner.tenantId, mode: 'live', scope: 'full', prefix: key.prefix });
    expect(await resolver.resolve('sk_live_short')).toBeNull();
    expect(await resolver.resolve(`sk_test_${'x'.repeat(40)}`)).toBeNull();
  });
});
