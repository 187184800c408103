// The telecom context: rate plans and decks, telecom accounts and prepaid balances, the number
// inventory, CDR ingestion, rating and queries, and the postpaid usage the billing cycle invoices.
// This index is all other code may use; the repositories stay private. Depends on @nova/rating;
// billing depends on this library, never the reverse.

// Use cases.
export * from './use-cases/create-rate-plan';
export * from './use-cases/update-rate-plan';
export * from './use-cases/delete-rate-plan';
export * from './use-cases/get-rate-plan';
export * from './use-cases/list-rate-plans';
export * from './use-cases/import-rate-deck';
export * from './use-cases/create-telecom-account';
export * from './use-cases/get-telecom-account';
export * from './use-cases/top-up-account';
export * from './use-cases/add-dids';
export * from './use-cases/list-dids';
export * from './use-cases/assign-did';
export * from './use-cases/release-did';
export * from './use-cases/ingest-cdrs';
export * from './use-cases/retry-cdrs';
export * from './use-cases/list-cdrs';
export * from './use-cases/get-cdr';
export * from './use-cases/export-cdrs';
export * from './use-cases/get-cdr-statistics';
export * from './use-cases/list-top-destinations';
export * from './use-cases/rate-pending-cdrs';
export * from './use-cases/delete-telecom-accounts-of-customers';
export * from './use-cases/send-low-balance-notice';
export { RatingQueue } from './rating-queue';
export { TelecomRatingService } from './telecom-rating.service';
export { TelecomModule } from './telecom.module';

// What the billing cycle calls (libs/billing/src/billing-cycle).
export * from './usage-billing';

// Types and limits the adapters' DTOs share.
export { type CdrInput, MAX_CDRS_PER_BATCH, type NewCdr } from './cdr-input';
export { CDR_STATUSES, type CdrFilter, type CdrStatistics, type CdrStatus, type CdrView, type DestinationTotals, type IngestResult } from './cdrs.repository';
export type { TelecomAccountView } from './accounts.repository';
export type { DidFilter, DidView } from './dids.repository';
export type { RatePlanSettings, StoredRatePlan } from './rate-plans.repository';
export { formatSignedNanos, MAX_ACCOUNT_AMOUNT_MINOR, type TelecomAccountKind, type TelecomAccountStatus } from './prepaid-balance';
export * from './upload-limits';

// The measured pipeline, as bench/cdr-pipeline.bench.ts and bench/upload-event-loop.bench.ts drive it.
export { type RatingBatchResult, type RatingPlanSource, ratePendingCdrs } from './cdr-rating';
export { CompiledPlanCache } from './compiled-plans';
export { insertRatePlan, replacePlanRows } from './rate-plans.repository';
export { storeCdrs } from './cdrs.repository';
