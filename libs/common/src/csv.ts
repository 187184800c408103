// Writing CSV that is safe to open in a spreadsheet. Every export writes its text cells through
// csvTextCell; numeric cells (ids, amounts, durations, counts, booleans, ISO timestamps) are
// written as they are, so a negative amount stays the number -5.

/**
 * A text cell a spreadsheet would read as a formula (CSV injection, OWASP): one whose first
 * character, after any leading whitespace, is = + - @ (or their full-width forms, which some
 * spreadsheets fold to ASCII), or that starts with a tab or carriage return.
 */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * One text cell: prefixed with a single quote when it could start a formula (OWASP's advice:
 * the spreadsheet then shows it as text and the quote is visible in the raw file), then quoted
 * when it holds a comma, quote or line break. Text is always text here, even text that looks
 * like a number: a phone number `+254…` is exported as `'+254…`, never evaluated. Null is empty.
 */
export function csvTextCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
