import type { ProviderDefinition } from '../provider';
import { PAYSTACK_BASE_URL, type PaystackCredentials, PaystackProvider, parsePaystackCredentials } from './paystack-provider';

export { PAYSTACK_CURRENCIES } from './paystack-amounts';
export { PAYSTACK_BASE_URL, type PaystackCredentials, PaystackProvider } from './paystack-provider';

export const paystackDefinition: ProviderDefinition<PaystackCredentials> = {
  name: 'paystack',
  defaultBaseUrl: PAYSTACK_BASE_URL,
  webhookSignsBody: true,
  refundIdempotent: false,
  parseCredentials: parsePaystackCredentials,
  create: (config) => new PaystackProvider(config),
};
