// Exact conversions between NovaBilling amounts (bigint ISO 4217 minor units + currency) and the
// units each provider speaks. No float arithmetic anywhere: every value is built from bigint
// digits, and every conversion that would lose precision throws instead of rounding.

import { DomainValidationError, currencyExponent, formatMinorAmount, isCurrencyCode, parseMajorAmount, toMinorUnitsOf } from '@nova/domain';
import { AmountConversionError, PaymentRequestError } from '../errors';

export function requirePositiveAmount(amountMinor: bigint, field = 'amountMinor'): bigint {
  if (typeof amountMinor !== 'bigint') throw new AmountConversionError(field, 'must be a bigint of minor units');
  if (amountMinor <= 0n) throw new AmountConversionError(field, `must be positive, got ${amountMinor}`);
  return amountMinor;
}

/** Our own input: an upper-case ISO 4217 code. */
export function requireCurrency(currency: string, field = 'currency'): string {
  if (typeof currency !== 'string' || !isCurrencyCode(currency)) {
    throw new PaymentRequestError(field, `${JSON.stringify(currency)} is not an upper-case ISO 4217 code`);
  }
  return currency;
}

/** The domain's exact conversions, their validation errors reported as this layer's AmountConversionError. */
function asConversion<T>(field: string, convert: () => T, reason?: string): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof DomainValidationError) throw new AmountConversionError(field, reason ?? error.reason);
    throw error;
  }
}

/** Re-expresses an integer amount from one decimal exponent to another, refusing any loss. */
export function rescaleExact(amount: bigint, fromExponent: number, toExponent: number, field = 'amountMinor'): bigint {
  return asConversion(field, () => toMinorUnitsOf(amount, fromExponent, toExponent, 'exact'), `${amount} cannot be expressed with ${toExponent} decimal places without rounding`);
}

/**
 * Card networks settle three-decimal currencies (KWD, BHD, OMR...) to 10 fils, so Stripe and
 * Razorpay both require the last digit to be 0 (Stripe: 5.124 KWD must be sent as 5120).
 */
export function requireSettleableThreeDecimal(amount: bigint, currency: string, provider: string, field = 'amountMinor'): bigint {
  if (currencyExponent(currency) === 3 && amount % 10n !== 0n) {
    throw new AmountConversionError(field, `${provider} requires ${currency} amounts to end in 0, got ${amount}`);
  }
  return amount;
}

/** JSON bodies carry numbers; refuse amounts a double cannot hold exactly. */
export function toSafeNumber(amount: bigint, field = 'amountMinor'): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AmountConversionError(field, `${amount} is too large to send as a JSON number`);
  }
  return Number(amount);
}

/** 150050n KES -> "1500.50"; 1500n UGX -> "1500". */
export function minorToMajorDecimal(amountMinor: bigint, currency: string): string {
  return formatMinorAmount(amountMinor, currency);
}

/**
 * A major-unit amount as a JSON number whose shortest text form is exactly the decimal we mean
 * (1500.5 for "1500.50"). Throws if a double cannot carry that decimal exactly.
 */
export function minorToMajorNumber(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  const decimal = minorToMajorDecimal(amountMinor, currency);
  const asNumber = Number(decimal);
  if (decimalToMinor(String(asNumber), currency, field) !== amountMinor) {
    throw new AmountConversionError(field, `${decimal} ${currency} cannot be sent exactly as a JSON number`);
  }
  return asNumber;
}

/**
 * Parses a major-unit decimal ("1500.5", 1500.5, "1500") into minor units. A JSON number is read
 * through its shortest round-trip text, which is the decimal the provider wrote for any amount
 * below 2^53 minor units. Refuses more fraction digits than the currency has (unless zeros).
 */
export function decimalToMinor(value: string | number, currency: string, field = 'amount'): bigint {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new AmountConversionError(field, `not a finite number`);
  const text = typeof value === 'number' ? String(value) : value.trim();
  return asConversion(field, () => parseMajorAmount(text, currency, field));
}

/** Integer amounts from provider JSON: a safe-integer number or a string of digits ("5000"). */
export function integerFromProvider(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new AmountConversionError(field, `expected an integer amount, got ${JSON.stringify(value)}`);
}

/** Upper-case ISO code from a provider field ("usd" -> "USD"), validated against ISO 4217. */
export function currencyFromProvider(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string') throw new AmountConversionError(field, `expected a currency code, got ${JSON.stringify(value)}`);
  const code = value.toUpperCase();
  currencyExponent(code); // throws UnknownCurrencyError for anything outside ISO 4217
  return code;
}
