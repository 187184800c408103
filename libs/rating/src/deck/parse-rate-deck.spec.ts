import { Readable } from 'node:stream';
import { compileRatingPlan } from '../plan/compile-plan';
import { lagos, rated } from '../testing/fixtures';
import { rateDeckToPlanData } from './deck-to-plan';
import { parseRateDeck } from './parse-rate-deck';

const DECK = [
  'prefix,destination,rate_per_unit,unit_seconds,connect_fee,initial_increment,subsequent_increment,min_cost,max_cost,active_from,timing',
  '234,Nigeria,0.02,60,,60,60,,,,',
  '2348,Nigeria Mobile,0.0500,60,0.01,30,6,,,,',
  '+234803,Nigeria MTN,0.045,60,0.01,30,6,0.05,2.00,2025-01-01,',
  '234803,Nigeria MTN,0.09,60,0.01,30,6,,,,peak',
  '23x4,Bad,abc,0,,60,60,,,,',
  '44,UK,0.01,60,,60',
  '234,Nigeria,0.02,60,,60,60,,,,',
  '44,UK,0.01,60,,60,60,0.5,0.1,2025-02-30,',
  '2349,Nigeria,0.03,60,,60,60,,,,',
].join('\n');

describe('parseRateDeck', () => {
  it('returns the good rows and reports every bad one by line and column', async () => {
    const { rows, errors } = await parseRateDeck(DECK);
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 10]);
    expect(rows[2]).toEqual({
      line: 4,
      prefix: '234803',
      destination: 'Nigeria MTN',
      ratePerUnit: '0.045',
      unitSeconds: 60,
      connectFee: '0.01',
      initialIncrement: 30,
      subsequentIncrement: 6,
      minCost: '0.05',
      maxCost: '2',
      activeFrom: '2025-01-01',
      timing: null,
    });
    expect(rows[1].ratePerUnit).toBe('0.05'); // canonical decimal text
    expect(errors).toEqual([
      { line: 6, field: 'prefix', message: 'must be digits (optionally with a leading + or 00), got "23x4"' },
      { line: 6, field: 'rate_per_unit', message: 'must be a non-negative decimal with at most 9 decimals, got "abc"' },
      { line: 6, field: 'unit_seconds', message: 'must be a whole number of seconds from 1 to 86400, got "0"' },
      { line: 7, field: 'row', message: 'has 6 fields, the header has 11' },
      { line: 8, field: 'prefix', message: 'duplicates line 2 (same prefix, destination, timing and active_from)' },
      { line: 9, field: 'max_cost', message: 'must not be below min_cost (0.5)' },
      { line: 9, field: 'active_from', message: 'must be an ISO date or date-time: YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM], got "2025-02-30"' },
    ]);
  });

  it('reads Buffers (BOM, CRLF) and streams split anywhere the same way as strings', async () => {
    const expected = await parseRateDeck(DECK);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DECK.replace(/\n/g, '\r\n'))]);
    expect(await parseRateDeck(withBom)).toEqual(expected);
    const chunks = DECK.match(/[\s\S]{1,7}/g)!; // 7-character chunks cut through fields and lines
    expect(await parseRateDeck(Readable.from(chunks))).toEqual(expected);
  });

  it('accepts columns in any order and case, ignores unknown ones, and defaults optional ones', async () => {
    const { rows, errors } = await parseRateDeck('Destination,Notes,PREFIX,Rate_Per_Unit,unit_seconds,initial_increment,subsequent_increment\nUK,landline,44,0.01,60,1,1\n');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ prefix: '44', destination: 'UK', connectFee: '0', minCost: null, maxCost: null, activeFrom: null, timing: null });
  });

  it('rejects a header missing required columns', async () => {
    const { rows, errors } = await parseRateDeck('prefix,destination,rate_per_unit,unit_seconds\n44,UK,0.01,60\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 1, field: 'initial_increment', message: 'required column is missing from the header' },
      { line: 1, field: 'subsequent_increment', message: 'required column is missing from the header' },
    ]);
  });

  it('reports CSV syntax errors by line and keeps the rows before them', async () => {
    const header = 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment';
    // csv-parse cannot resynchronise after a stray quote: the next line is reported as unterminated too.
    const { rows, errors } = await parseRateDeck(`${header}\n44,UK,0.01,60,1,1\n45,"DK"x,0.01,60,1,1\n46,SE,0.01,60,1,1\n`);
    expect(rows.map((row) => row.prefix)).toEqual(['44']);
    expect(errors).toEqual([
      { line: 3, field: 'csv', message: expect.stringContaining('Invalid Closing Quote') },
      { line: 4, field: 'csv', message: expect.stringContaining('Quote Not Closed') },
    ]);

    const unclosed = await parseRateDeck(`${header}\n44,UK,0.01,60,1,1\n"45,DK,0.01,60,1,1\n`);
    expect(unclosed.rows).toHaveLength(1);
    expect(unclosed.errors).toEqual([{ line: 3, field: 'csv', message: expect.stringContaining('Quote Not Closed') }]);
  });

  it('reports an empty deck', async () => {
    expect(await parseRateDeck('')).toEqual({ rows: [], errors: [{ line: 1, field: 'header', message: 'the deck is empty' }] });
  });

  it('surfaces a failing input stream as an error', async () => {
    async function* failing() {
      yield 'prefix,destination,rate_per_unit,unit_seconds,initial_increment,subsequent_increment\n';
      throw new Error('disk on fire');
    }
    const { errors } = await parseRateDeck(failing());
    expect(errors).toEqual([{ line: 0, field: 'input', message: 'reading the deck failed: disk on fire' }]);
  });

  it('stops at the first line past maxLines, having read no further', async () => {
    let pulled = 0;
    function* endless() {
      yield `${DECK.split('\n')[0]}\n`;
      for (let n = 0; ; n++) {
        pulled++;
        yield `${1000 + n},Somewhere,0.01,60,,60,60,,,,\n`;
      }
    }
    const { rows, refused } = await parseRateDeck(Readable.from(endless()), { maxLines: 100 });
    expect(refused).toEqual({ reason: 'too_many_lines', line: 101, field: 'csv', message: 'a rate deck has at most 100 lines' });
    expect(rows).toHaveLength(99);
    expect(pulled).toBeLessThan(5_000); // what the streams between buffer (~16 KB each), not the endless rest
  });

  it('refuses a NUL character (naming line and column) and bytes that are not UTF-8 (naming the line)', async () => {
    const lines = DECK.split('\n');
    const nul = [...lines.slice(0, 3), '2347,Nigeria\u0000Other,0.02,60,,60,60,,,,'].join('\n');
    expect((await parseRateDeck(nul)).refused).toEqual({ reason: 'not_text', line: 4, field: 'destination', message: expect.stringContaining('NUL') });
    const latin1 = Buffer.from([...lines.slice(0, 2), '2347,Nig\u00e9ria,0.02,60,,60,60,,,,'].join('\n'), 'latin1');
    expect((await parseRateDeck(latin1)).refused).toEqual({ reason: 'not_text', line: 3, field: 'csv', message: expect.stringContaining('UTF-8') });
    // A character split between two chunks is still UTF-8.
    const utf8 = Buffer.from([...lines.slice(0, 2), '2347,Nigéria,0.02,60,,60,60,,,,'].join('\n'));
    const cut = utf8.indexOf(0xc3) + 1;
    const split = await parseRateDeck(Readable.from([utf8.subarray(0, cut), utf8.subarray(cut)]));
    expect(split.refused).toBeUndefined();
    expect(split.rows.map((row) => row.destination)).toEqual(['Nigeria', 'Nigéria']);
  });
});

describe('rateDeckToPlanData', () => {
  it('groups prefixes by destination, rates by destination/timing/activation, and reports conflicts', async () => {
    const { rows } = await parseRateDeck(DECK);
    const { data, errors } = rateDeckToPlanData(rows, {
      id: 'deck',
      currency: 'USD',
      timezone: 'Africa/Lagos',
      rounding: { method: 'half-up', decimals: 4 },
      timings: [{ id: 'peak', weight: 10, weekdays: [1, 2, 3, 4, 5], startTime: '08:00', endTime: '18:00' }],
      destinationWeights: { 'Nigeria MTN': 5 },
    });
    expect(errors).toEqual([
      { line: 10, field: 'rate_per_unit', message: 'conflicts with line 2, which prices destination "Nigeria" with rate_per_unit 0.02' },
    ]);
    expect(data.destinations).toEqual([
      { name: 'Nigeria', prefixes: ['234'], weight: 0 },
      { name: 'Nigeria Mobile', prefixes: ['2348'], weight: 0 },
      { name: 'Nigeria MTN', prefixes: ['234803', '234803'], weight: 5 },
    ]);
    expect(data.rates.map((rate) => rate.id)).toEqual([
      'Nigeria/*any/always',
      'Nigeria Mobile/*any/always',
      'Nigeria MTN/*any/2025-01-01',
      'Nigeria MTN/peak/always',
    ]);

    // The deck rates calls once compiled: Wed 5 Mar 2025 20:00 Lagos, off-peak MTN, 31 s with 30/6:
    // connect fee 0.01 + 36 s * 0.045 / 60 (0.027) = 0.037, above the 0.05 minimum? No: raised to 0.05.
    const ratingPlan = compileRatingPlan(data);
    const call = rated(ratingPlan.rate({ calledNumber: '+2348031234567', startedAtMs: lagos('2025-03-05T20:00:00'), durationSeconds: 31 }));
    expect(call).toMatchObject({ destination: 'Nigeria MTN', rateIds: ['Nigeria MTN/*any/2025-01-01'], cost: 50_000_000 });
    // At 10:00 the peak rate applies: 0.01 + 36 s * 0.09 / 60 (0.054) = 0.064.
    expect(rated(ratingPlan.rate({ calledNumber: '2348031234567', startedAtMs: lagos('2025-03-05T10:00:00'), durationSeconds: 31 })).cost).toBe(64_000_000);
  });
});
