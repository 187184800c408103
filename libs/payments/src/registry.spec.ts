import { ProviderConfigError } from './errors';
import { createPaymentProvider, isProviderName, PROVIDER_NAMES } from './registry';

const VALID_CREDENTIALS: Record<string, unknown> = {
  stripe: { secretKey: 'sk_test_1' },
  razorpay: { keyId: 'rzp_test_1', keySecret: 'secret' },
  paystack: { secretKey: 'sk_test_1' },
  flutterwave: { secretKey: 'FLWSECK_TEST-1' },
  mpesa: { consumerKey: 'k', consumerSecret: 's', shortcode: '174379', passkey: 'p' },
};

describe('provider registry', () => {
  it('knows exactly the five providers and builds each by name', () => {
    expect([...PROVIDER_NAMES].sort()).toEqual(['flutterwave', 'mpesa', 'paystack', 'razorpay', 'stripe']);
    for (const name of PROVIDER_NAMES) {
      expect(createPaymentProvider(name, VALID_CREDENTIALS[name]).name).toBe(name);
    }
  });

  it('rejects unknown names and inherited property names', () => {
    expect(isProviderName('toString')).toBe(false);
    expect(() => createPaymentProvider('toString', {})).toThrow(ProviderConfigError);
  });

  it('names the missing credential field without echoing any value', () => {
    const error = (() => {
      try {
        createPaymentProvider('razorpay', { keyId: 'rzp_test_visible', keySecret: '' });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected a failure');
    })();
    expect(error).toBeInstanceOf(ProviderConfigError);
    expect(error.message).toContain('credentials.keySecret');
    expect(error.message).not.toContain('rzp_test_visible');
    expect(() => createPaymentProvider('stripe', 'sk_test_as_a_string')).toThrow(/credentials: must be an object/);
  });
});
