import type { ProviderDefinition } from '../provider';
import { FLUTTERWAVE_BASE_URL, type FlutterwaveCredentials, FlutterwaveProvider, parseFlutterwaveCredentials } from './flutterwave-provider';

export { FLUTTERWAVE_BASE_URL, type FlutterwaveCredentials, FlutterwaveProvider } from './flutterwave-provider';

export const flutterwaveDefinition: ProviderDefinition<FlutterwaveCredentials> = {
  name: 'flutterwave',
  defaultBaseUrl: FLUTTERWAVE_BASE_URL,
  webhookSignsBody: false,
  refundIdempotent: false,
  parseCredentials: parseFlutterwaveCredentials,
  create: (config) => new FlutterwaveProvider(config),
};
