import { Readable } from 'node:stream';
import { ErrorCode } from '@nova/domain';
import type { MigratedTenantDb } from '../../../../test/support/migrated-tenant-db';
import { kenyaPlan, telecomTestDb } from '../testing/telecom-fixtures';
import { RATE_DECK_MAX_LINES } from '../upload-limits';
import { createRatePlan } from './create-rate-plan';
import { getRatePlan } from './get-rate-plan';
import { importRateDeck } from './import-rate-deck';

const DECK_HEADER = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment,connect_fee';
const DECK = [DECK_HEADER, '234803,NG Mobile MTN,6,60,60,60,0', '234806,NG Mobile MTN,6,60,60,60,0', '2341,NG Lagos Fixed,3,60,60,1,0.5', '99x,Broken,abc,60,60,60,0'].join('\n');

describe('importRateDeck (real tenant database)', () => {
  let t: MigratedTenantDb;
  beforeAll(async () => {
    t = await telecomTestDb('telecom_deck');
  });
  afterAll(() => t.drop());

  it('replaces the plan\'s destinations and rates with the deck (streamed), reports bad lines and bumps the version', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    const report = await importRateDeck(t.db, { planId: plan.id, deck: Readable.from([Buffer.from(DECK)]) });
    expect(report).toMatchObject({ destinations: 2, prefixes: 3, rates: 2, rejectedCount: 2 });
    expect(report.rejected.map((problem) => problem.line)).toEqual([5, 5]); // its prefix and its price
    const stored = await getRatePlan(t.db, { planId: plan.id });
    expect(stored.destinations.map((d) => d.name).sort()).toEqual(['NG Lagos Fixed', 'NG Mobile MTN']);
    expect(stored.rates).toHaveLength(2);
    expect(stored.version).toBeGreaterThan(plan.version);
  });

  it('refuses a deck past the line limit as a whole, or one with a NUL character, and keeps the rows as they were', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    const long = [DECK_HEADER, ...Array.from({ length: RATE_DECK_MAX_LINES }, (_, n) => `${2340000 + n},D${n},1,60,60,60,0`)].join('\n');
    await expect(importRateDeck(t.db, { planId: plan.id, deck: long })).rejects.toMatchObject({ code: ErrorCode.PayloadTooLarge });
    await expect(importRateDeck(t.db, { planId: plan.id, deck: `${DECK_HEADER}\n234803,NG\u0000,6,60,60,60,0` })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await getRatePlan(t.db, { planId: plan.id })).toMatchObject({ version: plan.version, rates: [expect.objectContaining({ id: 'mtn' })] });
  });

  it('refuses an empty deck, a wrong header and a deck without one valid line, naming the lines, and keeps the plan as it was', async () => {
    const plan = await createRatePlan(t.db, kenyaPlan());
    const kept = { version: plan.version, rates: [expect.objectContaining({ id: 'mtn' })] };
    await expect(importRateDeck(t.db, { planId: plan.id, deck: '' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { fields: [{ field: 'line 1: header', message: 'the deck is empty', line: 1 }] },
    });
    // A CDR file sent to the deck endpoint by mistake.
    await expect(importRateDeck(t.db, { planId: plan.id, deck: 'id,caller_number,called_number\nx,1,2\n' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('header'),
      details: { fields: expect.arrayContaining([{ field: 'line 1: prefix', message: 'required column is missing from the header', line: 1 }]) },
    });
    await expect(importRateDeck(t.db, { planId: plan.id, deck: `${DECK_HEADER}\n99x,Broken,abc,60,60,60,0\n254,Kenya,-1,60,60,60,0` })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('no line of the deck is valid'),
      details: { fields: expect.arrayContaining([expect.objectContaining({ line: 2 }), expect.objectContaining({ line: 3 })]) },
    });
    expect(await getRatePlan(t.db, { planId: plan.id })).toMatchObject(kept);
  });
});
