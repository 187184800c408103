import { AmountConversionError } from '../errors';
import { fromStripeAmount, stripeExponent, toStripeAmount } from './stripe-amounts';

describe('Stripe amounts', () => {
  it('sends two-decimal currencies in minor units', () => {
    expect(toStripeAmount(150050n, 'USD')).toBe(150050);
    expect(toStripeAmount(99n, 'KES')).toBe(99);
  });

  it.each(['UGX', 'XOF', 'RWF', 'XAF'])('sends zero-decimal %s unmultiplied', (currency) => {
    expect(stripeExponent(currency)).toBe(0);
    expect(toStripeAmount(25000n, currency)).toBe(25000);
    expect(fromStripeAmount(25000, currency)).toBe(25000n);
  });

  it('divides MGA (ISO two-decimal, Stripe zero-decimal) only when exact', () => {
    expect(toStripeAmount(150000n, 'MGA')).toBe(1500);
    expect(fromStripeAmount(1500, 'MGA')).toBe(150000n);
    expect(() => toStripeAmount(150050n, 'MGA')).toThrow(AmountConversionError);
  });

  it('sends ISK with two decimals, as Stripe requires', () => {
    expect(toStripeAmount(500n, 'ISK')).toBe(50000);
    expect(fromStripeAmount(50000, 'ISK')).toBe(500n);
  });

  it('requires three-decimal amounts to end in 0', () => {
    expect(toStripeAmount(5120n, 'KWD')).toBe(5120);
    expect(() => toStripeAmount(5124n, 'KWD')).toThrow(/end in 0/);
  });

  it('refuses non-positive amounts and lower-case codes', () => {
    expect(() => toStripeAmount(0n, 'USD')).toThrow(AmountConversionError);
    expect(() => toStripeAmount(100n, 'usd')).toThrow(/currency/);
  });
});
