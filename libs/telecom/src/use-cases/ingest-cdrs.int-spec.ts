import { Readable } from 'node:stream';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import type { RatingQueue } from '../rating-queue';
import { accountWithNumber, kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { createRatePlan } from './create-rate-plan';
import { IngestCdrs } from './ingest-cdrs';

describe('IngestCdrs (real tenant database)', () => {
  let t: MigratedTenantDb;
  let number: string;
  let accountId: string;
  const queue = { queueRating: jest.fn(async () => undefined) };
  const ingest = new IngestCdrs(queue as unknown as RatingQueue);
  const cdr = (id: string, seconds: unknown = 60) => ({ id, callerNumber: `+${number}`, calledNumber: '+2348031230001', startedAt: new Date(Date.now() - 60_000).toISOString(), durationSeconds: seconds });

  beforeAll(async () => {
    t = await telecomTestDb('telecom_ingest');
    const planId = (await createRatePlan(t.db, kenyaPlan())).id;
    ({ accountId, number } = await accountWithNumber(t.db, planId, { kind: 'postpaid' }));
  });
  afterAll(() => t.drop());
  beforeEach(() => queue.queueRating.mockClear());

  const stored = async (switchIds: string[]) =>
    (await t.pool.query<{ switch_id: string; status: string; account_id: string | null }>('SELECT switch_id, status, account_id FROM cdrs WHERE switch_id = ANY($1) ORDER BY switch_id', [switchIds])).rows;
  const queuedIds = async () => (await t.pool.query<{ ids: string[] }>('SELECT coalesce(array_agg(x ORDER BY x), \'{}\') AS ids FROM cdr_rating_queue, unnest(cdr_ids) x')).rows[0]!.ids.length;

  it('stores a batch as pending on the caller\'s account, queues it once, and skips a switch id already stored or repeated', async () => {
    const queuedBefore = await queuedIds();
    expect(await ingest.execute(t.db, { batch: [cdr('a-1'), cdr('a-2'), cdr('a-2')] })).toEqual({ accepted: 2, duplicates: 1, rejected: [] });
    expect(await stored(['a-1', 'a-2'])).toEqual([
      { switch_id: 'a-1', status: 'pending', account_id: accountId },
      { switch_id: 'a-2', status: 'pending', account_id: accountId },
    ]);
    expect(await queuedIds()).toBe(queuedBefore + 2);
    expect(queue.queueRating).toHaveBeenCalledTimes(1);

    // The switch re-sends: nothing new is stored or queued.
    expect(await ingest.execute(t.db, { batch: [cdr('a-1'), cdr('a-2')] })).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await queuedIds()).toBe(queuedBefore + 2);
    expect(queue.queueRating).toHaveBeenCalledTimes(1);
  });

  it('reports invalid CDRs of a batch by index and stores the rest; refuses a single invalid CDR as a whole', async () => {
    const result = await ingest.execute(t.db, { batch: [cdr('b-1'), cdr('b-2', -5)] });
    expect(result).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, field: 'cdrs[1].durationSeconds' }] });
    await expect(ingest.execute(t.db, { one: cdr('b-3', 'long') })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { fields: [{ field: 'durationSeconds' }] } });
    expect(await stored(['b-1', 'b-2', 'b-3'])).toEqual([{ switch_id: 'b-1', status: 'pending', account_id: accountId }]);
  });

  it('reads a CSV as it streams, deduplicated like a batch', async () => {
    const csv = `id,caller_number,called_number,started_at,duration_seconds\nc-1,+${number},+2348031230001,${new Date(Date.now() - 60_000).toISOString()},30\n`;
    expect(await ingest.execute(t.db, { csv: Readable.from([Buffer.from(csv)]) })).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await ingest.execute(t.db, { csv })).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    await expect(ingest.execute(t.db, { csv: 'id,caller_number\nx,1\n' })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
  });
});
