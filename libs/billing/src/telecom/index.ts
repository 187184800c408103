export * from './cdr-input';
export * from './cdr-ingest';
export * from './cdr-rating';
export * from './compiled-plans';
export * from './rate-plan-store';
export * from './usage-billing';
export * from './telecom-rating.service';
