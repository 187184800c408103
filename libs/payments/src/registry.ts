// Picks an adapter by provider name. Adding a provider = one folder exporting a
// ProviderDefinition + one line in PROVIDER_DEFINITIONS.

import { ProviderConfigError } from './errors';
import { flutterwaveDefinition } from './flutterwave';
import { mpesaDefinition } from './mpesa';
import { paystackDefinition } from './paystack';
import type { PaymentProvider, ProviderConfig, ProviderDefinition } from './provider';
import { razorpayDefinition } from './razorpay';
import { stripeDefinition } from './stripe';

const PROVIDER_DEFINITIONS = {
  flutterwave: flutterwaveDefinition,
  mpesa: mpesaDefinition,
  paystack: paystackDefinition,
  razorpay: razorpayDefinition,
  stripe: stripeDefinition,
} as const satisfies Record<string, ProviderDefinition<unknown>>;

export type ProviderName = keyof typeof PROVIDER_DEFINITIONS;

export const PROVIDER_NAMES = Object.keys(PROVIDER_DEFINITIONS) as readonly ProviderName[];

export function isProviderName(name: string): name is ProviderName {
  return Object.prototype.hasOwnProperty.call(PROVIDER_DEFINITIONS, name);
}

/** See ProviderDefinition.webhookSignsBody; false for a name we do not know. */
export function providerWebhookSignsBody(name: string): boolean {
  return isProviderName(name) && PROVIDER_DEFINITIONS[name].webhookSignsBody;
}

/** See ProviderDefinition.refundIdempotent; false for a name we do not know. */
export function providerRefundIsIdempotent(name: string): boolean {
  return isProviderName(name) && PROVIDER_DEFINITIONS[name].refundIdempotent;
}

/** Everything but the credentials object, whose shape is each provider's own. */
export type ProviderSettings = Omit<ProviderConfig<unknown>, 'credentials' | 'baseUrl'> & {
  /** Defaults to the provider's real API URL. */
  readonly baseUrl?: string;
};

/**
 * Builds the adapter for `name` from decrypted credentials JSON. The credentials are validated
 * by the provider's own parser, so a missing field fails here with its name.
 */
export function createPaymentProvider(name: string, rawCredentials: unknown, settings: ProviderSettings = {}): PaymentProvider {
  if (!isProviderName(name)) {
    throw new ProviderConfigError(name, 'provider', `is not one of ${PROVIDER_NAMES.join(', ')}`);
  }
  const definition: ProviderDefinition<unknown> = PROVIDER_DEFINITIONS[name];
  return definition.create({
    ...settings,
    baseUrl: settings.baseUrl ?? definition.defaultBaseUrl,
    credentials: definition.parseCredentials(rawCredentials),
  });
}
