// Paystack takes integer subunits (kobo, pesewas, cents), which are ISO minor units for every
// currency its API documents. Other currencies (XOF, EGP...) have undocumented unit rules, so
// they are refused rather than guessed.

import { PaymentRequestError } from '../errors';
import { requireCurrency, requirePositiveAmount, toSafeNumber } from '../shared/amounts';

/** The `Currency` enum of Paystack's OpenAPI spec (PaystackOSS/openapi). */
export const PAYSTACK_CURRENCIES: ReadonlySet<string> = new Set(['NGN', 'GHS', 'ZAR', 'KES', 'USD']);

export function toPaystackAmount(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  requireCurrency(currency);
  if (!PAYSTACK_CURRENCIES.has(currency)) {
    throw new PaymentRequestError('currency', `${currency} is not a Paystack currency (${[...PAYSTACK_CURRENCIES].join(', ')})`);
  }
  return toSafeNumber(requirePositiveAmount(amountMinor, field), field);
}
