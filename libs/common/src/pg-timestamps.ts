import { types } from 'pg';

// node-postgres parses every timestamptz with postgres-date, a general parser (regular
// expressions, every offset and era): ~3 % of the API's CPU on a 20-row list (bench/RESULTS.md).
// Our sessions run in UTC, so PostgreSQL sends almost every value in one shape, read here digit by
// digit; anything else (another offset, BC, infinity, years before 100) goes to the general parser.

const TIMESTAMPTZ = types.builtins.TIMESTAMPTZ;
const parseInGeneral = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

const PLUS = 43;
const ZERO = 48;
const DASH = 45;
const SPACE = 32;
const DOT = 46;

const digit = (text: string, at: number) => text.charCodeAt(at) - ZERO;
const twoDigits = (text: string, at: number) => digit(text, at) * 10 + digit(text, at + 1);

/** `YYYY-MM-DD HH:MM:SS[.f{1,6}]+00` at UTC, as PostgreSQL writes it with TimeZone UTC; the same Date as pg's own parser. */
export function parseUtcTimestamptz(text: string): Date {
  const length = text.length;
  const utc = length >= 22 && text.charCodeAt(length - 3) === PLUS && text.charCodeAt(length - 2) === ZERO && text.charCodeAt(length - 1) === ZERO;
  if (!utc || text.charCodeAt(4) !== DASH || text.charCodeAt(10) !== SPACE || (length > 22 && text.charCodeAt(19) !== DOT)) return parseInGeneral(text);
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + twoDigits(text, 2);
  if (year < 100) return parseInGeneral(text); // Date.UTC reads 0–99 as 1900–1999
  // Milliseconds: up to three of the fraction's digits (pg's parser truncates the rest too).
  const fraction = length - 23; // digits after the dot
  const ms = fraction <= 0 ? 0 : digit(text, 20) * 100 + (fraction > 1 ? digit(text, 21) * 10 : 0) + (fraction > 2 ? digit(text, 22) : 0);
  return new Date(Date.UTC(year, twoDigits(text, 5) - 1, twoDigits(text, 8), twoDigits(text, 11), twoDigits(text, 14), twoDigits(text, 17), ms));
}

/** node-postgres `types` for a Pool or Client: the default parsers, with parseUtcTimestamptz for timestamptz. */
export const fastPgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ && format !== 'binary') return parseUtcTimestamptz;
    return types.getTypeParser(oid, format as 'text');
  },
};
