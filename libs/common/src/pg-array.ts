/**
 * PostgreSQL array literals for parameters like `$1::text[]`, built in one pass. node-postgres
 * serialises a JS array by running two regular-expression replaces over every element; for the
 * 10,000-row columns of a CDR batch that was a tenth of the process's CPU. Here an element is
 * escaped only when it contains a quote or a backslash.
 */
const NEEDS_ESCAPE = /["\\]/;

/** `{"a","b",NULL}` for text (or any type read from text: uuid, jsonb, enum …). */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ',';
    if (value === null || value === undefined) literal += 'NULL';
    else literal += `"${NEEDS_ESCAPE.test(value) ? value.replace(/["\\]/g, '\\$&') : value}"`;
  }
  return `${literal}}`;
}

/** `{1,2.5,-3}` for int, bigint (pass bigints as strings or bigints) and float8 columns. */
export function numberArrayLiteral(values: readonly (number | bigint | string)[]): string {
  return `{${values.join(',')}}`;
}

/** `{t,f}` for boolean columns. */
export function booleanArrayLiteral(values: readonly boolean[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) literal += i > 0 ? (values[i] ? ',t' : ',f') : values[i] ? 't' : 'f';
  return `${literal}}`;
}
