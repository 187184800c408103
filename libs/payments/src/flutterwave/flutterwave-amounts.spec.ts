import { AmountConversionError } from '../errors';
import { fromFlutterwaveAmount, toFlutterwaveAmount } from './flutterwave-amounts';

describe('Flutterwave amounts (major units)', () => {
  it('sends the exact major-unit decimal as a JSON number', () => {
    expect(toFlutterwaveAmount(150050n, 'NGN')).toBe(1500.5);
    expect(JSON.stringify({ amount: toFlutterwaveAmount(10n, 'KES') })).toBe('{"amount":0.1}');
    expect(toFlutterwaveAmount(25000n, 'UGX')).toBe(25000);
    expect(toFlutterwaveAmount(5000n, 'XAF')).toBe(5000);
  });

  it('reads numbers and strings back to exact minor units', () => {
    expect(fromFlutterwaveAmount(1500.5, 'NGN')).toBe(150050n);
    expect(fromFlutterwaveAmount('98.6', 'NGN')).toBe(9860n);
    expect(fromFlutterwaveAmount(25000, 'RWF')).toBe(25000n);
  });

  it('refuses fractions a zero-decimal currency cannot have, and junk', () => {
    expect(() => fromFlutterwaveAmount(100.5, 'XOF')).toThrow(AmountConversionError);
    expect(() => fromFlutterwaveAmount(null, 'NGN', 'data.amount')).toThrow(/data.amount/);
    expect(() => toFlutterwaveAmount(-1n, 'NGN')).toThrow(AmountConversionError);
  });
});
