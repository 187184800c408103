import { DomainError, ErrorCode } from '@nova/domain';
import { Readable } from 'node:stream';
import { readCdrCsv } from './cdr-input';

const HEADER = 'id,caller_number,called_number,started_at,duration_seconds';
const row = (n: number) => `c-${n},+254700000001,+2348031230001,2026-03-01T10:00:00Z,60`;

describe('readCdrCsv', () => {
  it('reads rows in any column order and case, as validateCdrs takes them', async () => {
    const csv = `DURATION_SECONDS,Started_At,called_number,caller_number,id\n60,2026-03-01T10:00:00Z,+2348031230001,+254700000001,c-1\n`;
    expect(await readCdrCsv(Buffer.from(csv))).toEqual({
      items: [{ id: 'c-1', callerNumber: '+254700000001', calledNumber: '+2348031230001', startedAt: '2026-03-01T10:00:00Z', durationSeconds: '60' }],
      errors: [],
    });
    expect((await readCdrCsv('id,caller_number\nc-1,+254700000001\n')).errors).toEqual([
      { field: 'header', message: 'missing column called_number' },
      { field: 'header', message: 'missing column started_at' },
      { field: 'header', message: 'missing column duration_seconds' },
    ]);
  });

  it('refuses the row past the limit with a PayloadTooLarge error, having read no further', async () => {
    let pulled = 0;
    function* endless() {
      yield `${HEADER}\n`;
      for (let n = 0; ; n++) {
        pulled++;
        yield `${row(n)}\n`;
      }
    }
    const refusal = await readCdrCsv(Readable.from(endless()), 100).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: ErrorCode.PayloadTooLarge, message: 'a CDR upload holds at most 100 CDRs: line 102 is one more' });
    expect(pulled).toBeLessThan(2_000); // what the streams between buffer (~16 KB each), not the endless rest
    expect((await readCdrCsv([HEADER, row(1), row(2)].join('\n'), 2)).items).toHaveLength(2);
  });

  it('refuses a NUL character by line and column, and bytes that are not UTF-8 by line', async () => {
    const nul = [HEADER, row(1), 'c-2,+254700000001,+2348031230001,2026-03-01T10:00:00Z,6\u00000'].join('\n');
    expect(await readCdrCsv(Readable.from([Buffer.from(nul)]))).toEqual({
      items: [],
      errors: [{ line: 3, field: 'line 3: duration_seconds', message: expect.stringContaining('NUL') }],
    });
    const latin1 = Buffer.from([HEADER, row(1), row(2), 'c-\u00e9,+254700000001,+2348031230001,2026-03-01T10:00:00Z,60'].join('\n'), 'latin1');
    expect(await readCdrCsv(latin1)).toEqual({ items: [], errors: [{ line: 4, field: 'line 4: csv', message: expect.stringContaining('UTF-8') }] });
  });
});
