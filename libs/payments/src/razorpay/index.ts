import type { ProviderDefinition } from '../provider';
import { RAZORPAY_BASE_URL, type RazorpayCredentials, RazorpayProvider, parseRazorpayCredentials } from './razorpay-provider';

export { RAZORPAY_BASE_URL, type RazorpayCredentials, RazorpayProvider } from './razorpay-provider';

export const razorpayDefinition: ProviderDefinition<RazorpayCredentials> = {
  name: 'razorpay',
  defaultBaseUrl: RAZORPAY_BASE_URL,
  webhookSignsBody: true,
  refundIdempotent: true,
  parseCredentials: parseRazorpayCredentials,
  create: (config) => new RazorpayProvider(config),
};
