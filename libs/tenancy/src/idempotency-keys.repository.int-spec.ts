import { MigratedTenantDb, migratedTenantDb } from '../../../test/support/migrated-tenant-db';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotentAnswer,
  releaseIdempotencyKey,
  sweepExpiredIdempotencyKeys,
} from './idempotency-keys.repository';

describe('idempotency keys repository (real tenant database)', () => {
  let db: MigratedTenantDb;
  beforeAll(async () => {
    db = await migratedTenantDb('idempotency_repo');
  });
  afterAll(() => db.drop());

  const age = (key: string, hours: number) => db.pool.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE key = $1`, [key, hours]);

  it('lets one request claim a key; the answer it stores is what the key replays', async () => {
    expect(await claimIdempotencyKey(db.pool, 'k-1', 'pending POST /x', 24)).toBe(true);
    expect(await claimIdempotencyKey(db.pool, 'k-1', 'pending POST /x', 24)).toBe(false);
    expect(await findIdempotentAnswer(db.pool, 'k-1')).toEqual({ fingerprint: 'pending POST /x', responseStatus: null, responseBody: null });

    await completeIdempotencyKey(db.pool, 'k-1', { fingerprint: 'abc', status: 201, body: { id: 42 } });
    expect(await findIdempotentAnswer(db.pool, 'k-1')).toEqual({ fingerprint: 'abc', responseStatus: 201, responseBody: { id: 42 } });
    // A completed key is never released.
    await releaseIdempotencyKey(db.pool, 'k-1');
    expect(await findIdempotentAnswer(db.pool, 'k-1')).not.toBeNull();
  });

  it('claims concurrently exactly once, and a failed request gives its key back', async () => {
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimIdempotencyKey(db.pool, 'k-2', 'pending', 24)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await releaseIdempotencyKey(db.pool, 'k-2');
    expect(await findIdempotentAnswer(db.pool, 'k-2')).toBeNull();
    expect(await claimIdempotencyKey(db.pool, 'k-2', 'pending', 24)).toBe(true);
  });

  it('frees an expired key on its next claim, and the sweep deletes only expired keys', async () => {
    await claimIdempotencyKey(db.pool, 'k-3', 'pending', 24);
    await completeIdempotencyKey(db.pool, 'k-3', { fingerprint: 'old', status: 200, body: null });
    await age('k-3', 25);
    expect(await claimIdempotencyKey(db.pool, 'k-3', 'pending again', 24)).toBe(true);

    await claimIdempotencyKey(db.pool, 'k-4', 'pending', 24);
    await claimIdempotencyKey(db.pool, 'k-5', 'pending', 24);
    await age('k-4', 30);
    await sweepExpiredIdempotencyKeys(db.pool, 24);
    expect(await findIdempotentAnswer(db.pool, 'k-4')).toBeNull();
    expect(await findIdempotentAnswer(db.pool, 'k-5')).not.toBeNull();
  });
});
