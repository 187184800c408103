// M-Pesa moves whole Kenyan shillings only ("Only whole numbers are supported"), although KES has
// two ISO decimals. Amounts with cents are refused rather than rounded.

import { PaymentRequestError } from '../errors';
import { decimalToMinor, requirePositiveAmount, rescaleExact, toSafeNumber } from '../shared/amounts';

export const MPESA_CURRENCY = 'KES';

export function toMpesaAmount(amountMinor: bigint, currency: string, field = 'amountMinor'): number {
  if (currency !== MPESA_CURRENCY) throw new PaymentRequestError('currency', `M-Pesa only takes KES, got ${currency}`);
  requirePositiveAmount(amountMinor, field);
  // rescaleExact throws when cents would be dropped: 150050n (KES 1500.50) is refused.
  return toSafeNumber(rescaleExact(amountMinor, 2, 0, field), field);
}

/** Callback amounts arrive as 1 or 1.00; both are whole shillings in minor units. */
export function fromMpesaAmount(value: unknown, field = 'Amount'): bigint {
  return decimalToMinor(typeof value === 'number' || typeof value === 'string' ? value : '', MPESA_CURRENCY, field);
}
