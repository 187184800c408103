import { migratedTenantDb, MigratedTenantDb } from '../../../../../test/support/migrated-tenant-db';
import { listCustomers } from './get-customer';

// The created range of the billing lists (createdGte inclusive, createdLt exclusive), on customers.
describe('listCustomers created range (real tenant database)', () => {
  let tenant: MigratedTenantDb;
  beforeAll(async () => {
    tenant = await migratedTenantDb('list_customers_range_uc');
  });
  afterAll(() => tenant.drop());

  it('filters by the created range: createdGte inclusive, createdLt exclusive', async () => {
    const created: string[] = [];
    for (let i = 1; i <= 4; i += 1) {
      const { rows } = await tenant.pool.query<{ id: string }>(
        "INSERT INTO customers (id, name, email, updated_at, created_at) VALUES (gen_random_uuid(), $1, $2, now(), timestamptz '2026-02-01T00:00:00Z' + $3 * interval '1 day') RETURNING id",
        [`c${i}`, `c${i}@example.test`, i],
      );
      created.push(rows[0]!.id);
    }
    const page = await listCustomers(tenant.db, { limit: 10, createdGte: new Date('2026-02-03T00:00:00Z'), createdLt: new Date('2026-02-05T00:00:00Z') });
    expect(page.data.map((row) => row.name)).toEqual(['c3', 'c2']); // c1 … c4 on 2 … 5 February
    const paged = await listCustomers(tenant.db, { limit: 1, createdGte: new Date('2026-02-02T00:00:00Z'), createdLt: new Date('2026-02-05T00:00:00Z') });
    expect(paged.data.map((row) => row.name)).toEqual(['c3']);
    expect((await listCustomers(tenant.db, { limit: 5, cursor: paged.nextCursor!, createdGte: new Date('2026-02-02T00:00:00Z'), createdLt: new Date('2026-02-05T00:00:00Z') })).data.map((row) => row.name)).toEqual(['c2', 'c1']);
    await expect(listCustomers(tenant.db, { limit: 5, createdGte: new Date('2026-02-05T00:00:00Z'), createdLt: new Date('2026-02-05T00:00:00Z') })).rejects.toMatchObject({ details: { fields: [{ field: 'createdLt' }] } });
  });});
