export * from './tenant-billing-settings';
export * from './invoice-issuer';
export * from './billing-cycle';
export * from './subscriptions';
export * from './billing.service';
export * from './billing.module';
export * from './invoice-document.loader';
export * from './payments';
