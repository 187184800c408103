import { Client } from 'pg';
import { booleanArrayLiteral, numberArrayLiteral, textArrayLiteral } from './pg-array';

const PG_SERVER_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';

describe('array literals read back by PostgreSQL', () => {
  const client = new Client({ connectionString: `${PG_SERVER_URL}/postgres` });
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it('keeps every text element as sent: quotes, backslashes, braces, commas, spaces, NULL as a word, empty strings, nulls', async () => {
    const values = ['plain', 'say "hi"', 'C:\\calls\\', '{a,b}', ' padded ', 'NULL', '', null, 'ünïcode ☎', '{"k":1}'];
    const { rows } = await client.query<{ values: (string | null)[] }>('SELECT $1::text[] AS values', [textArrayLiteral(values)]);
    expect(rows[0]!.values).toEqual(values);
  });

  it('reads numbers (bigints beyond 2^53 included) and booleans', async () => {
    const { rows } = await client.query<{ big: string[]; small: number[]; flags: boolean[] }>(
      'SELECT $1::bigint[]::text[] AS big, $2::float8[] AS small, $3::bool[] AS flags',
      [numberArrayLiteral(['9007199254740993', -5n, 0]), numberArrayLiteral([1.5, -2, 1e-3]), booleanArrayLiteral([true, false, true])],
    );
    expect(rows[0]).toEqual({ big: ['9007199254740993', '-5', '0'], small: [1.5, -2, 0.001], flags: [true, false, true] });
  });

  it('an empty list is an empty array', async () => {
    const { rows } = await client.query<{ n: number }>('SELECT cardinality($1::text[]) AS n', [textArrayLiteral([])]);
    expect(rows[0]!.n).toBe(0);
  });
});
