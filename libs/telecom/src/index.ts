// Telecom usage: rate plan storage and deck import, compiled-plan cache, CDR ingestion and
// rating, and the postpaid usage the billing cycle invoices. Depends on @nova/rating; billing
// depends on this library, never the reverse.
export * from './cdr-input';
export * from './cdr-ingest';
export * from './cdr-rating';
export * from './compiled-plans';
export * from './plan-errors';
export * from './deck-preparation';
export * from './rate-deck-import';
export * from './rate-plan-store';
export * from './upload-limits';
export * from './usage-billing';
export * from './telecom-rating.service';
export * from './telecom.module';
