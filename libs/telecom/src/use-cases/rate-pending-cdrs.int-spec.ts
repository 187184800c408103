import type { Queue } from 'bullmq';
import type { TelecomConfig } from '@nova/config';
import type { TenantContext } from '@nova/tenancy';
import { type MigratedTenantDb, eventsAbout } from '../../../../test/support/migrated-tenant-db';
import type { RatingQueue } from '../rating-queue';
import { accountWithNumber, kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { IngestCdrs } from './ingest-cdrs';
import { RatePendingCdrs } from './rate-pending-cdrs';
import { topUpAccount } from './top-up-account';

const KES = 10_000_000n; // nanos per cent
const MINUTE_COST = 600n * KES; // 6 KES a started minute

describe('RatePendingCdrs (real tenant database)', () => {
  let t: MigratedTenantDb;
  let planId: string;
  const notices = { addBulk: jest.fn(async () => []) };
  const rating = new RatePendingCdrs({ planCacheMax: 10, ratingBatchSize: 100 } as TelecomConfig, { tenantId: 'tenant-1', mode: 'live', jobTenant: { tenantId: 'tenant-1', mode: 'live' }, correlationId: undefined } as unknown as TenantContext, notices as unknown as Queue);
  const ingest = new IngestCdrs({ queueRating: async () => undefined } as unknown as RatingQueue);
  let call = 0;
  const calls = (caller: string, count: number, seconds = 60) =>
    Array.from({ length: count }, () => ({ id: `sw-${++call}`, callerNumber: `+${caller}`, calledNumber: '+2348031230001', startedAt: new Date(Date.now() - 3_600_000 + call * 1_000).toISOString(), durationSeconds: seconds }));

  beforeAll(async () => {
    t = await telecomTestDb('telecom_rating');
    planId = (await createRatePlan(t.db, kenyaPlan())).id;
  });
  afterAll(() => t.drop());
  beforeEach(() => notices.addBulk.mockClear());

  const account = async (id: string) =>
    (await t.pool.query<{ balance_nanos: string; status: string; notified: boolean }>('SELECT balance_nanos, status, low_balance_notified_at IS NOT NULL AS notified FROM telecom_accounts WHERE id = $1', [id])).rows[0]!;

  it('debits a prepaid balance by the cost of its calls, suspends it at zero, flags the calls past it and queues one low-balance notice', async () => {
    const { accountId, number } = await accountWithNumber(t.db, planId, { kind: 'prepaid', suspendAtZero: true, lowBalanceThreshold: 500 });
    await topUpAccount(t.db, { accountId, amount: 1_000 }); // 10 KES: one call and a part of the next
    await ingest.execute(t.db, { batch: calls(number, 3) });

    const result = await rating.execute(t.db);
    expect(result).toMatchObject({ claimed: 3, rated: 3, unratable: 0, overLimit: 1, lowBalanceAccountIds: [accountId], suspendedAccountIds: [accountId] });
    expect(await account(accountId)).toEqual({ balance_nanos: (1_000n * KES - 3n * MINUTE_COST).toString(), status: 'suspended', notified: true });
    expect(notices.addBulk).toHaveBeenCalledTimes(1);
    // The tenant's webhooks hear of it too, from the rating's transaction.
    expect(await eventsAbout(t.pool, accountId)).toEqual([{ type: 'account.balance_low', object: expect.objectContaining({ object: 'telecom_account', id: accountId, status: 'suspended' }) }]);
    const batches = await t.pool.query<{ body: string }>(`SELECT body FROM events WHERE type = 'cdr.batch_rated' ORDER BY created_at DESC LIMIT 1`);
    expect(JSON.parse(batches.rows[0]!.body).data.object).toEqual({ object: 'cdr_batch', claimed: 3, rated: 3, unratable: 0, overLimit: 1 });

    // A later batch finds the notice out and the account already suspended: neither is repeated.
    await ingest.execute(t.db, { batch: calls(number, 1) });
    expect(await rating.execute(t.db)).toMatchObject({ rated: 1, overLimit: 1, lowBalanceAccountIds: [], suspendedAccountIds: [] });
    expect(notices.addBulk).toHaveBeenCalledTimes(1);
    expect(await eventsAbout(t.pool, accountId)).toHaveLength(1);
  });

  it('leaves a postpaid balance alone and an account without the policy active', async () => {
    const postpaid = await accountWithNumber(t.db, planId, { kind: 'postpaid' });
    const prepaid = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    await ingest.execute(t.db, { batch: [...calls(postpaid.number, 2), ...calls(prepaid.number, 2)] });
    expect(await rating.execute(t.db)).toMatchObject({ rated: 4, overLimit: 2, suspendedAccountIds: [] });
    expect(await account(postpaid.accountId)).toMatchObject({ balance_nanos: '0', status: 'active' });
    expect(await account(prepaid.accountId)).toMatchObject({ balance_nanos: (-2n * MINUTE_COST).toString(), status: 'active' });
  });

  it('never charges a CDR twice when ratings of one account run concurrently: the balance moves by exactly the calls', async () => {
    const { accountId, number } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    await topUpAccount(t.db, { accountId, amount: 1_000_000 });
    const before = BigInt((await account(accountId)).balance_nanos);
    // Twelve queue rows of five CDRs, rated by three runs at once in batches of ten.
    for (let batch = 0; batch < 12; batch++) await ingest.execute(t.db, { batch: calls(number, 5) });
    const runs = await Promise.all([0, 1, 2].map(() => rating.execute(t.db, { batchSize: 10 })));
    expect(runs.reduce((sum, run) => sum + run.claimed, 0)).toBe(60);
    expect(BigInt((await account(accountId)).balance_nanos)).toBe(before - 60n * MINUTE_COST);
    const { rows } = await t.pool.query<{ status: string; count: number }>('SELECT status, count(*)::int AS count FROM cdrs WHERE account_id = $1 GROUP BY status', [accountId]);
    expect(rows).toEqual([{ status: 'rated', count: 60 }]);
  });

  it('marks CDRs of unassigned numbers unratable and charges nobody', async () => {
    await ingest.execute(t.db, { batch: calls('254799999999', 2) });
    expect(await rating.execute(t.db)).toMatchObject({ claimed: 2, rated: 0, unratable: 2 });
    const { rows } = await t.pool.query(`SELECT failure_reason FROM cdrs WHERE caller_number = '254799999999'`);
    expect(rows).toEqual([{ failure_reason: 'unknown_number' }, { failure_reason: 'unknown_number' }]);
  });
});
