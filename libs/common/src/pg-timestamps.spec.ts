import { types } from 'pg';
import { parseUtcTimestamptz } from './pg-timestamps';

const general = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

describe('parseUtcTimestamptz', () => {
  it.each([
    '2026-12-04 19:10:38.123456+00',
    '2026-12-04 19:10:38+00',
    '2026-12-04 19:10:38.1+00',
    '2026-12-04 19:10:38.12+00',
    '2026-12-04 19:10:38.999999+00',
    '2024-02-29 23:59:59.5+00',
    '1970-01-01 00:00:00+00',
    '0100-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999999+00',
  ])('reads %s as pg does', (text) => {
    expect(parseUtcTimestamptz(text).getTime()).toBe(general(text).getTime());
  });

  it.each(['2026-12-04 19:10:38.1+05:30', '2026-12-04 19:10:38-03', '0099-06-01 00:00:00+00', '1999-01-08 04:05:06+00 BC', 'infinity', '-infinity'])(
    'hands anything else (%s) to the general parser',
    (text) => {
      expect(String(parseUtcTimestamptz(text))).toBe(String(general(text)));
    },
  );

  it('agrees with pg on 10,000 random instants at every precision', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 10_000; i++) {
      const instant = new Date(Math.floor(random() * 8.0e12) - 1.0e12); // ~1938 … ~2223
      const micros = String(Math.floor(random() * 1_000_000)).padStart(6, '0').slice(0, 1 + (i % 6)).replace(/0+$/, '');
      const text = `${instant.toISOString().slice(0, 19).replace('T', ' ')}${micros ? `.${micros}` : ''}+00`;
      expect(parseUtcTimestamptz(text).getTime()).toBe(general(text).getTime());
    }
  });
});
