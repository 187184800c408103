export * from './provider-accounts';
export * from './provider-errors';
export * from './settlement';
export * from './webhook-processing';
export * from './payments-wiring';
export * from './collection';
export * from './refunds';
export * from './saved-methods';
