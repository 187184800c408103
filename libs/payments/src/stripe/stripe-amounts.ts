// Stripe wants integers in "the currency's smallest unit" as Stripe defines it, which differs
// from ISO 4217 in a few places (docs.stripe.com/currencies):
// - its zero-decimal list includes MGA (ISO: 2 decimals);
// - ISK is ISO zero-decimal but must be sent with two decimals (a multiple of 100);
// - three-decimal currencies must end in 0.
// UGX is on Stripe's zero-decimal list and is sent unmultiplied; an undocumented "special case"
// some integrators report for UGX is not applied here (see PROVIDERS.md, unverified).

import { currencyExponent } from '@nova/domain';
import { AmountConversionError } from '../errors';
import { requireCurrency, requirePositiveAmount, requireSettleableThreeDecimal, rescaleExact, toSafeNumber } from '../shared/amounts';

export const STRIPE_ZERO_DECIMAL: ReadonlySet<string> = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);

/** Decimal places of Stripe's API unit for this currency. */
export function stripeExponent(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (currency === 'ISK') return 2;
  return currencyExponent(currency);
}

export function toStripeAmount(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  requireCurrency(currency);
  const amount = rescaleExact(requirePositiveAmount(amountMinor, field), currencyExponent(currency), stripeExponent(currency), field);
  return toSafeNumber(requireSettleableThreeDecimal(amount, currency, 'Stripe', field), field);
}

export function fromStripeAmount(amount: number, currency: string, field = 'amount'): bigint {
  if (!Number.isSafeInteger(amount)) throw new AmountConversionError(field, `expected an integer, got ${amount}`);
  return rescaleExact(BigInt(amount), stripeExponent(currency), currencyExponent(currency), field);
}
