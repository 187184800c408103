import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { accountWithNumber, kenyaPlan, randomNumber, telecomTestDb } from '../testing/telecom-fixtures';
import { addDids } from './add-dids';
import { assignDid } from './assign-did';
import { createRatePlan } from './create-rate-plan';
import { listDids } from './list-dids';
import { releaseDid } from './release-did';

describe('assignDid (real tenant database)', () => {
  let t: MigratedTenantDb;
  let first: string;
  let second: string;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_dids');
    const planId = (await createRatePlan(t.db, kenyaPlan())).id;
    first = (await accountWithNumber(t.db, planId, { kind: 'prepaid' })).accountId;
    second = (await accountWithNumber(t.db, planId, { kind: 'prepaid' })).accountId;
  });
  afterAll(() => t.drop());

  const did = async (id: string) => (await t.pool.query<{ account_id: string | null; assigned: boolean }>('SELECT account_id, assigned_at IS NOT NULL AS assigned FROM dids WHERE id = $1', [id])).rows[0];
  async function newNumber(): Promise<string> {
    const number = randomNumber();
    await addDids(t.db, { numbers: [`+${number}`] });
    return (await listDids(t.db, { status: 'available', limit: 100 })).data.find((d) => d.number === number)!.id;
  }

  it('assigns an available number, again to the same account as a no-op, and refuses it to another account until released', async () => {
    const id = await newNumber();
    expect(await assignDid(t.db, { didId: id, accountId: first })).toMatchObject({ id, accountId: first });
    expect(await assignDid(t.db, { didId: id, accountId: first })).toMatchObject({ id, accountId: first });
    await expect(assignDid(t.db, { didId: id, accountId: second })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect(await did(id)).toEqual({ account_id: first, assigned: true });

    expect(await releaseDid(t.db, { didId: id })).toMatchObject({ id, accountId: null, assignedAt: null });
    expect(await did(id)).toEqual({ account_id: null, assigned: false });
    expect(await assignDid(t.db, { didId: id, accountId: second })).toMatchObject({ accountId: second });
    expect((await listDids(t.db, { accountId: second, limit: 100 })).data.map((d) => d.id)).toContain(id);
  });

  it('names what is missing: an unknown account is a 400 on accountId, an unknown number a 404', async () => {
    const id = await newNumber();
    await expect(assignDid(t.db, { didId: id, accountId: randomUUID() })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'accountId' }] } });
    expect(await did(id)).toEqual({ account_id: null, assigned: false });
    await expect(assignDid(t.db, { didId: randomUUID(), accountId: first })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
