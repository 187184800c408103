// @nova/billing: the billing core, one folder per bounded context (README "Architecture"). Each
// context's index.ts is its public surface; this file only gathers them.
export * from './catalog';
export * from './platform-usage';
export * from './customers';
export * from './subscriptions';
export * from './tax';
export * from './invoicing';
export * from './collection';
export * from './analytics';
export * from './billing-cycle';
export * from './billing.module';
