import type { Queue } from 'bullmq';
import type { TelecomConfig } from '@nova/config';
import { ErrorCode } from '@nova/domain';
import type { TenantContext } from '@nova/tenancy';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import type { RatingQueue } from '../rating-queue';
import { accountWithNumber, kenyaPlan, randomNumber, telecomTestDb } from '../testing/telecom-fixtures';
import { addDids } from './add-dids';
import { assignDid } from './assign-did';
import { createRatePlan } from './create-rate-plan';
import { IngestCdrs } from './ingest-cdrs';
import { listDids } from './list-dids';
import { RatePendingCdrs } from './rate-pending-cdrs';
import { RetryCdrs } from './retry-cdrs';

const MINUTE_COST = 600n * 10_000_000n;

describe('RetryCdrs (real tenant database)', () => {
  let t: MigratedTenantDb;
  const queue = { queueRating: jest.fn(async () => undefined) };
  const ingest = new IngestCdrs(queue as unknown as RatingQueue);
  const retry = new RetryCdrs(queue as unknown as RatingQueue);
  const rating = new RatePendingCdrs({ planCacheMax: 10, ratingBatchSize: 100 } as TelecomConfig, { tenantId: 'tenant-1', mode: 'live', jobTenant: { tenantId: 'tenant-1', mode: 'live' } } as unknown as TenantContext, { addBulk: async () => [] } as unknown as Queue);
  const cdr = (id: string, caller: string) => ({ id, callerNumber: `+${caller}`, calledNumber: '+2348031230001', startedAt: new Date(Date.now() - 60_000).toISOString(), durationSeconds: 60 });
  const cdrRow = async (switchId: string) => (await t.pool.query<{ id: string; status: string; account_id: string | null }>('SELECT id::text, status, account_id FROM cdrs WHERE switch_id = $1', [switchId])).rows[0]!;
  const balance = async (id: string) => BigInt((await t.pool.query<{ b: string }>('SELECT balance_nanos AS b FROM telecom_accounts WHERE id = $1', [id])).rows[0]!.b);

  beforeAll(async () => {
    t = await telecomTestDb('telecom_retry');
  });
  afterAll(() => t.drop());

  it('re-rates an unratable CDR once its number is assigned, charging it exactly once', async () => {
    const planId = (await createRatePlan(t.db, kenyaPlan())).id;
    const { accountId } = await accountWithNumber(t.db, planId, { kind: 'prepaid' });
    const number = randomNumber();
    await ingest.execute(t.db, { batch: [cdr('late-1', number)] });
    await rating.execute(t.db);
    expect(await cdrRow('late-1')).toMatchObject({ status: 'unratable', account_id: null });

    await addDids(t.db, { numbers: [number] });
    await assignDid(t.db, { didId: (await listDids(t.db, { status: 'available', limit: 100 })).data.find((d) => d.number === number)!.id, accountId });
    queue.queueRating.mockClear();
    expect(await retry.execute(t.db, { filter: { status: 'unratable' } })).toEqual({ queued: 1 });
    expect(queue.queueRating).toHaveBeenCalledTimes(1);
    await rating.execute(t.db);
    expect(await cdrRow('late-1')).toMatchObject({ status: 'rated', account_id: accountId });
    expect(await balance(accountId)).toBe(-MINUTE_COST);

    // Re-rating a rated CDR replaces its cost: the balance changes by the difference (none here).
    const { id } = await cdrRow('late-1');
    expect(await retry.execute(t.db, { cdrId: id })).toMatchObject({ id, status: 'pending' });
    await rating.execute(t.db);
    expect(await balance(accountId)).toBe(-MINUTE_COST);
  });

  it('refuses to re-rate a billed CDR (409) and a CDR that does not exist (404)', async () => {
    const planId = (await createRatePlan(t.db, kenyaPlan())).id;
    const { number, subscriptionId } = await accountWithNumber(t.db, planId, { kind: 'postpaid' });
    await ingest.execute(t.db, { batch: [cdr('billed-1', number)] });
    await rating.execute(t.db);
    const { rows } = await t.pool.query<{ id: string }>('SELECT id FROM invoices WHERE subscription_id = $1 LIMIT 1', [subscriptionId]);
    await t.pool.query(`UPDATE cdrs SET invoice_id = $1 WHERE switch_id = 'billed-1'`, [rows[0]!.id]); // as the billing cycle marks it
    const { id } = await cdrRow('billed-1');
    await expect(retry.execute(t.db, { cdrId: id })).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect(await cdrRow('billed-1')).toMatchObject({ status: 'rated' });
    await expect(retry.execute(t.db, { cdrId: '999999999' })).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });
});
