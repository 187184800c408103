import { AmountConversionError } from '../errors';
import { toRazorpayAmount } from './razorpay-amounts';

describe('toRazorpayAmount', () => {
  it('sends ISO minor units (paise for INR)', () => {
    expect(toRazorpayAmount(500000n, 'INR')).toBe(500000);
    expect(toRazorpayAmount(25000n, 'UGX')).toBe(25000);
    expect(toRazorpayAmount(295n, 'JPY')).toBe(295);
  });

  it('requires three-decimal amounts to end in 0 (99.991 KWD is refused, 99.990 is 99990)', () => {
    expect(toRazorpayAmount(99990n, 'KWD')).toBe(99990);
    expect(() => toRazorpayAmount(99991n, 'KWD')).toThrow(AmountConversionError);
  });
});
