import type { ProviderDefinition } from '../provider';
import { STRIPE_BASE_URL, type StripeCredentials, StripeProvider, parseStripeCredentials } from './stripe-provider';

export { STRIPE_ZERO_DECIMAL } from './stripe-amounts';
export { STRIPE_BASE_URL, STRIPE_WEBHOOK_TOLERANCE_SECONDS, type StripeCredentials, StripeProvider } from './stripe-provider';

export const stripeDefinition: ProviderDefinition<StripeCredentials> = {
  name: 'stripe',
  defaultBaseUrl: STRIPE_BASE_URL,
  webhookSignsBody: true,
  refundIdempotent: true,
  parseCredentials: parseStripeCredentials,
  create: (config) => new StripeProvider(config),
};
