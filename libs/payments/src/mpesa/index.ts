import type { ProviderDefinition } from '../provider';
import { MPESA_BASE_URL, type MpesaCredentials, MpesaProvider, parseMpesaCredentials } from './mpesa-provider';

export { DarajaTokenCache, SHARED_DARAJA_TOKEN_CACHE } from './daraja-token-cache';
export { darajaTimestamp } from './mpesa-time';
export {
  MPESA_BASE_URL,
  type MpesaCredentials,
  type MpesaDependencies,
  MpesaProvider,
  type MpesaTransactionType,
  normaliseKenyanPhone,
} from './mpesa-provider';

export const mpesaDefinition: ProviderDefinition<MpesaCredentials> = {
  name: 'mpesa',
  defaultBaseUrl: MPESA_BASE_URL,
  webhookSignsBody: false,
  refundIdempotent: false,
  parseCredentials: parseMpesaCredentials,
  create: (config) => new MpesaProvider(config),
};
