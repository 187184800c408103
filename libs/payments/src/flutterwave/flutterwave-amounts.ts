// Flutterwave amounts are major units, decimals allowed ("amount": 1500.5 NGN). They are built
// from bigint minor units as the exact decimal and sent as the JSON number with that exact text.

import { AmountConversionError } from '../errors';
import { decimalToMinor, minorToMajorNumber, requireCurrency, requirePositiveAmount } from '../shared/amounts';

export function toFlutterwaveAmount(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  requireCurrency(currency);
  return minorToMajorNumber(requirePositiveAmount(amountMinor, field), currency, field);
}

export function fromFlutterwaveAmount(amount: unknown, currency: string, field = 'amount'): bigint {
  if (typeof amount !== 'number' && typeof amount !== 'string') {
    throw new AmountConversionError(field, `expected an amount, got ${JSON.stringify(amount)}`);
  }
  return decimalToMinor(amount, currency, field);
}
