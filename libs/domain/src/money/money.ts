import { DomainValidationError } from '../errors';
import { currencyExponent } from './currency';
import { divideRounded, type RoundingMode } from './rounding';

/** An amount in integer minor units of an ISO 4217 currency (USD 1234n = $12.34, XOF 500n = 500 F CFA). */
export interface Money {
  readonly amount: bigint;
  readonly currency: string;
}

export function money(amount: bigint, currency: string): Money {
  if (typeof amount !== 'bigint') throw new DomainValidationError('amount', `must be a bigint of minor units, got ${typeof amount}`);
  currencyExponent(currency); // throws UnknownCurrencyError for a code we cannot scale
  return { amount, currency };
}

export class CurrencyMismatchError extends DomainValidationError {
  override readonly name = 'CurrencyMismatchError';

  constructor(
    readonly expected: string,
    readonly actual: string,
    field = 'currency',
  ) {
    super(field, `must be ${expected} like the rest, got ${actual}`);
  }
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

/**
 * Sum of amounts that must all be in one currency. `currency` is required for an empty list (there is nothing
 * to infer it from) and, when given, every value must match it.
 */
export function sumMoney(values: readonly Money[], currency?: string): Money {
  const expected = currency ?? values[0]?.currency;
  if (expected === undefined) throw new DomainValidationError('currency', 'is required to sum an empty list');
  let amount = 0n;
  for (const [index, value] of values.entries()) {
    if (value.currency !== expected) throw new CurrencyMismatchError(expected, value.currency, `values[${index}].currency`);
    amount += value.amount;
  }
  return money(amount, expected);
}

// Plain decimal notation only: optional minus, digits, optional fraction. No exponent, no grouping, no spaces.
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;
// No real amount needs more digits; the cap keeps absurd inputs from reaching BigInt parsing.
const MAX_AMOUNT_DIGITS = 40;

/**
 * Exact decimal text in major units → integer minor units ("12.34" USD → 1234n, "500" XOF → 500n).
 * Trailing zeros beyond the currency's exponent are accepted because they lose nothing ("500.00" XOF → 500n);
 * any other extra digit is an error rather than a silent rounding.
 */
export function parseMajorAmount(text: string, currency: string, field = 'amount'): bigint {
  const exponent = currencyExponent(currency);
  if (typeof text !== 'string') throw new DomainValidationError(field, `must be a decimal string, got ${typeof text}`);
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) {
    const shown = JSON.stringify(text);
    const reason = text === '' ? 'is empty' : `${shown} is not a plain decimal number like "12.34"`;
    throw new DomainValidationError(field, reason);
  }
  const [, sign, integerDigits, fractionDigits = ''] = match;
  if (integerDigits.length + fractionDigits.length > MAX_AMOUNT_DIGITS) {
    throw new DomainValidationError(field, `has more than ${MAX_AMOUNT_DIGITS} digits`);
  }
  const significantFraction = fractionDigits.replace(/0+$/, '');
  if (significantFraction.length > exponent) {
    throw new DomainValidationError(
      field,
      `"${text}" has more decimal places than ${currency} allows (${exponent}); round it explicitly first`,
    );
  }
  const minor = BigInt(integerDigits + significantFraction.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** Integer minor units → exact decimal text in major units (USD 1234n → "12.34", -5n → "-0.05", XOF 500n → "500"). */
export function formatMinorAmount(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0n ? '-' : '';
  const digits = (minor < 0n ? -minor : minor).toString();
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const MAX_CACHED_FORMATTERS = 256;
const formatters = new Map<string, Intl.NumberFormat>();

// Building an Intl.NumberFormat costs far more than using one, and invoices format many amounts.
function currencyFormatter(locale: string, currency: string, exponent: number): Intl.NumberFormat {
  const key = `${locale}\u0000${currency}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    // Pin the fraction digits to ISO 4217: CLDR disagrees for some currencies (e.g. IQD shows 0, ISO says 3),
    // and the displayed amount must be exactly the stored one.
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    if (formatters.size >= MAX_CACHED_FORMATTERS) formatters.clear();
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Human display for a locale ("$12.34", "₹1,23,45,678.90", "1 500 F CFA"). The exact decimal string is handed to
 * Intl, which formats strings without passing through a float, so amounts beyond 2^53 keep every digit.
 */
export function formatMoney(minor: bigint, currency: string, locale = 'en'): string {
  const exponent = currencyExponent(currency);
  const exact = formatMinorAmount(minor, currency) as Intl.StringNumericLiteral;
  return currencyFormatter(locale, currency, exponent).format(exact);
}

const MAX_EXPONENT = 18;

function assertExponent(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_EXPONENT) {
    throw new DomainValidationError(field, `must be an integer from 0 to ${MAX_EXPONENT}, got ${value}`);
  }
}

/**
 * Re-expresses an amount counted in units of 10^-fromExponent as units of 10^-toExponent — e.g. ISO minor units
 * into a payment provider that counts UGX in hundredths (5000 → 500000), or KWD fils into a provider's 2-decimal
 * unit. Scaling up is always exact; scaling down rounds with `rounding`, which defaults to 'exact' so precision
 * is never lost unless the caller says how.
 */
export function toMinorUnitsOf(
  minor: bigint,
  fromExponent: number,
  toExponent: number,
  rounding: RoundingMode = 'exact',
): bigint {
  assertExponent(fromExponent, 'fromExponent');
  assertExponent(toExponent, 'toExponent');
  if (toExponent >= fromExponent) return minor * 10n ** BigInt(toExponent - fromExponent);
  const divisor = 10n ** BigInt(fromExponent - toExponent);
  if (rounding === 'exact' && minor % divisor !== 0n) {
    throw new DomainValidationError(
      'amount',
      `${minor} at exponent ${fromExponent} cannot be expressed at exponent ${toExponent} without rounding`,
    );
  }
  return divideRounded(minor, divisor, rounding);
}
