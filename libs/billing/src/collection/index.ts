// The collection context (payments, refunds, provider accounts, webhooks, dunning): its public surface.
export * from './provider-accounts';
export * from './provider-errors';
export * from './settlement';
export * from './webhook-processing';
export * from './payment-confirmation';
export * from './stk-reconciliation';
export * from './payments-wiring';
export * from './collection';
export * from './refunds';
export * from './saved-methods';
export * from './automatic-charges';
export * from './invoice-paid';
