import { EncryptionConfig, PaymentsConfig } from '@nova/config';
import { PaymentsModule } from '@nova/payments';

/** The provider layer configured from the validated environment (keys, provider base URLs). */
export const configuredPaymentsModule = PaymentsModule.forRootAsync({
  inject: [EncryptionConfig, PaymentsConfig],
  useFactory: (encryption: EncryptionConfig, payments: PaymentsConfig) => ({
    encryptionKey: encryption.key,
    previousEncryptionKeys: encryption.previousKeys,
    baseUrls: payments.providerBaseUrls,
  }),
});
