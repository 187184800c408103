// Dialled numbers arrive as "+234 803 123 4567", "0023480312345" or "23480312345". They are matched on
// their digits only: a leading '+', spaces and hyphens are ignored and a leading international access
// code "00" is dropped. Anything else (letters, '*', '#') makes the number invalid.
//
// The rules live here once and are used both by `normalizeNumber` (for reporting) and by the prefix
// trie, which walks the raw string in place so the hot path allocates no normalised copy.

const PLUS = 43;
const SPACE = 32;
const TAB = 9;
const HYPHEN = 45;
const ZERO = 48;

/** A character that carries no digit and is skipped wherever it appears. */
export function isSeparator(code: number): boolean {
  return code === SPACE || code === HYPHEN || code === TAB;
}

/** Value 0-9 of a digit character, or -1. */
export function digitValue(code: number): number {
  const digit = code - ZERO;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

/**
 * Index of the first significant digit of `raw`: after leading separators, one '+', and a leading "00".
 * Returns -1 if the number has no digits or starts with something that is not allowed.
 */
export function significantStart(raw: string): number {
  let index = 0;
  const length = raw.length;
  while (index < length && isSeparator(raw.charCodeAt(index))) index++;
  if (index < length && raw.charCodeAt(index) === PLUS) index++;
  while (index < length && isSeparator(raw.charCodeAt(index))) index++;
  if (index + 1 < length && raw.charCodeAt(index) === ZERO && raw.charCodeAt(index + 1) === ZERO) index += 2;
  return index < length ? index : -1;
}

/** The digits of a dialled number as matched against prefixes, or null if it is not a valid number. */
export function normalizeNumber(raw: string): string | null {
  const start = significantStart(raw);
  if (start < 0) return null;
  let plainDigits = true;
  for (let index = start; index < raw.length && plainDigits; index++) plainDigits = digitValue(raw.charCodeAt(index)) >= 0;
  if (plainDigits) return start === 0 ? raw : raw.slice(start); // the common case: nothing to strip inside
  let digits = '';
  for (let index = start; index < raw.length; index++) {
    const code = raw.charCodeAt(index);
    if (digitValue(code) >= 0) digits += raw[index];
    else if (!isSeparator(code)) return null;
  }
  return digits.length > 0 ? digits : null;
}
