import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { randomNumber, telecomTestDb } from '../testing/telecom-fixtures';
import { addDids } from './add-dids';
import { listDids } from './list-dids';

describe('addDids (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_add_dids');
  });
  afterAll(() => t.drop());

  it('adds numbers as digits, skipping those already in the inventory, and refuses one that is not a number', async () => {
    const number = randomNumber();
    expect(await addDids(t.db, { numbers: [`+${number}`, number] })).toEqual({ added: 1, existing: 1 });
    expect((await listDids(t.db, { status: 'available', limit: 100 })).data.filter((d) => d.number === number)).toHaveLength(1);
    await expect(addDids(t.db, { numbers: ['+254 700', 'call me'] })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'numbers[1]' }] } });
  });
});
