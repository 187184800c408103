export * from './errors';
export * from './provider';
export * from './registry';
export type { HttpOptions } from './shared/http-client';
export type { HeaderBag } from './shared/headers';
export type { SecretOrSecrets } from './shared/secrets';
export * from './paystack';
export * from './stripe';
export * from './crypto';
