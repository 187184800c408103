// Razorpay takes integers in the currency's smallest sub-unit, using its own "exponent" table,
// which matches ISO 4217 for every currency NovaBilling targets (UGX/RWF/XOF/XAF 0, others 2).

import { requireCurrency, requirePositiveAmount, requireSettleableThreeDecimal, toSafeNumber } from '../shared/amounts';

export function toRazorpayAmount(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  requireCurrency(currency);
  return toSafeNumber(requireSettleableThreeDecimal(requirePositiveAmount(amountMinor, field), currency, 'Razorpay', field), field);
}
