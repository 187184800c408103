import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { accountWithNumber, kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { listDids } from './list-dids';
import { releaseDid } from './release-did';

describe('releaseDid (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_release_did');
  });
  afterAll(() => t.drop());

  it('makes an assigned number available again and takes it off the account', async () => {
    const planId = (await createRatePlan(t.db, kenyaPlan())).id;
    const { accountId, number } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    const [did] = (await listDids(t.db, { accountId, limit: 100 })).data;
    expect(did).toMatchObject({ number, accountId });
    expect(await releaseDid(t.db, { didId: did!.id })).toEqual({ id: did!.id, number, accountId: null, assignedAt: null, createdAt: did!.createdAt });
    expect((await listDids(t.db, { accountId, limit: 100 })).data).toEqual([]);
    expect((await listDids(t.db, { status: 'available', limit: 100 })).data.map((d) => d.id)).toContain(did!.id);
  });

  it('answers 404 for a number that does not exist', async () => {
    await expect(releaseDid(t.db, { didId: randomUUID() })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
