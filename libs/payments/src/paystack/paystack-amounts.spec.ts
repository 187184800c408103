import { AmountConversionError, PaymentRequestError } from '../errors';
import { toPaystackAmount } from './paystack-amounts';

describe('toPaystackAmount', () => {
  it('sends ISO minor units (kobo, pesewas, cents) unchanged', () => {
    expect(toPaystackAmount(150050n, 'NGN')).toBe(150050);
    expect(toPaystackAmount(1n, 'GHS')).toBe(1);
    expect(toPaystackAmount(99999n, 'KES')).toBe(99999);
  });

  it('refuses currencies whose Paystack unit is undocumented, and non-positive amounts', () => {
    expect(() => toPaystackAmount(25000n, 'XOF')).toThrow(PaymentRequestError);
    expect(() => toPaystackAmount(100n, 'EUR')).toThrow(/not a Paystack currency/);
    expect(() => toPaystackAmount(0n, 'NGN')).toThrow(AmountConversionError);
  });
});
