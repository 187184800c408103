import { Test } from '@nestjs/testing';
import { CiphertextError, CredentialsCipher } from './crypto/credentials-cipher';
import { ProviderConfigError } from './errors';
import { PaymentProviderFactory, PaymentsModule } from './payments.module';

const KEY = 'ab'.repeat(32);

describe('PaymentsModule', () => {
  async function compile() {
    const moduleRef = await Test.createTestingModule({
      imports: [PaymentsModule.forRoot({ encryptionKey: KEY, baseUrls: { paystack: 'http://127.0.0.1:9' } })],
    }).compile();
    return { factory: moduleRef.get(PaymentProviderFactory), cipher: moduleRef.get(CredentialsCipher) };
  }

  it('builds the adapter of a stored account from encrypted credentials', async () => {
    const { factory, cipher } = await compile();
    const context = 'tenant:7/provider-account:3';
    const provider = factory.forAccount({
      provider: 'stripe',
      encryptedCredentials: cipher.encryptJson({ secretKey: 'sk_test_abc' }, context),
      encryptedWebhookSecret: cipher.encryptJson(['whsec_new', 'whsec_old'], context),
      cipherContext: context,
    });
    expect(provider.name).toBe('stripe');
  });

  it('refuses credentials sealed for another account, and invalid credentials', async () => {
    const { factory, cipher } = await compile();
    const foreign = cipher.encryptJson({ secretKey: 'sk_test_abc' }, 'tenant:8/provider-account:1');
    expect(() => factory.forAccount({ provider: 'paystack', encryptedCredentials: foreign, cipherContext: 'tenant:7/provider-account:3' })).toThrow(
      CiphertextError,
    );
    expect(() => factory.forAccount({ provider: 'paystack', encryptedCredentials: cipher.encryptJson({}) })).toThrow(ProviderConfigError);
    const badSecret = { provider: 'stripe', encryptedCredentials: cipher.encryptJson({ secretKey: 'sk_test_abc' }), encryptedWebhookSecret: cipher.encryptJson({ x: 1 }) };
    expect(() => factory.forAccount(badSecret)).toThrow(/webhookSecret/);
  });
});
