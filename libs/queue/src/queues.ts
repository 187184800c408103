// Queue names and job payloads shared by the API (producers) and the worker (processors).
// Every job carries the tenant it acts for, in which mode (live or test: which of the tenant's
// two databases), and a correlation id that ties its logs to the request or schedule that caused it.
import type { TenantMode } from '@nova/domain';

export const QUEUES = {
  billing: 'billing',
  mail: 'mail',
  payments: 'payments',
  rating: 'rating',
  notifications: 'notifications',
  /** E-mails about an admin's own account (lockouts, invitations, resets, verification, e-mail changes); central-database users, no tenant context. */
  accountSecurity: 'account-security',
  /** Housekeeping of tenant databases (the audit log's retention). */
  maintenance: 'maintenance',
  /** Outbound webhooks to the tenant: the outbox relay and the deliveries (libs/events). */
  webhooks: 'webhooks',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const JOBS = {
  /** Scheduler tick: fans out one `billingRunTenant` job per active tenant. */
  billingRunAll: 'billing.run-all',
  billingRunTenant: 'billing.run-tenant',
  /** Advances a test clock (test mode): bills its customers at every boundary crossed, then sets it ready. */
  advanceTestClock: 'billing.advance-test-clock',
  /** Scheduler tick: fans out one `finalizeDraftsTenant` job per active tenant database. */
  finalizeDraftsAll: 'billing.finalize-drafts-all',
  /** Finalizes a tenant's drafts whose autoFinalizeAt has come, then queues their automatic charges. */
  finalizeDraftsTenant: 'billing.finalize-drafts-tenant',
  sendInvoice: 'mail.send-invoice',
  /** A payment reminder about an open invoice that no saved method will collect (before or after its due date). */
  sendPaymentReminder: 'mail.send-payment-reminder',
  sendCreditNote: 'mail.send-credit-note',
  /** A verified, stored provider webhook to apply to the books. */
  processWebhook: 'payments.process-webhook',
  /** Scheduler tick: re-enqueues stored webhooks whose job was never queued (Redis was down). */
  sweepWebhooks: 'payments.sweep-webhooks',
  /** Scheduler tick: fans out one `reconcileMpesaTenant` job per active tenant. */
  reconcileMpesa: 'payments.reconcile-mpesa',
  /** Queries Daraja about a tenant's STK payments still pending (no callback, or one not confirmed yet). */
  reconcileMpesaTenant: 'payments.reconcile-mpesa-tenant',
  /** Refunds a credit note's refundAmount through the invoice's provider payment (reserved when the note was issued). */
  refundCreditNote: 'payments.refund-credit-note',
  /** A payment's receipt e-mailed with its PDF. */
  sendReceipt: 'mail.send-receipt',
  /** An automatic charge of an invoice with the customer's saved method (dunning retries it). */
  chargeInvoice: 'payments.charge-invoice',
  /** Rates a tenant's pending CDRs (one job per ingestion batch or retry). */
  rateCdrs: 'rating.rate-cdrs',
  lowBalanceNotice: 'notifications.low-balance',
  accountLocked: 'account-security.locked',
  /** Scheduler tick: fans out one `pruneAuditLogTenant` job per tenant. */
  pruneAuditLog: 'maintenance.prune-audit-log',
  /** Deletes a tenant's audit entries older than AUDIT_LOG_RETENTION_DAYS. */
  pruneAuditLogTenant: 'maintenance.prune-audit-log-tenant',
  /** Scheduler tick: fans out one `pruneEventsTenant` job per tenant database. */
  pruneEvents: 'maintenance.prune-events',
  /** Deletes a tenant's events (GET /api/events, with their delivery log) older than EVENTS_RETENTION_DAYS. */
  pruneEventsTenant: 'maintenance.prune-events-tenant',
  /** Scheduler tick: fans out one `relayWebhooksTenant` job per tenant. */
  relayWebhooks: 'webhooks.relay-all',
  /** Relays a tenant's outbox to its endpoints and sends the deliveries that are due. */
  relayWebhooksTenant: 'webhooks.relay-tenant',
  /** E-mails the tenant's owners that the platform disabled a failing webhook endpoint. */
  webhookEndpointDisabled: 'notifications.webhook-endpoint-disabled',
  /** An e-mail carrying a single-use account token (minted by the worker as it sends) or an account notice. */
  accountMail: 'account-security.mail',
} as const;

/** Who a per-tenant job acts for: the tenant and the mode, as TenantContext.jobTenant gives them. */
export interface JobTenant {
  tenantId: string;
  /** The worker opens the tenant's context in this mode (a job queued before test mode existed has none: live). */
  mode: TenantMode;
}

export interface TenantJob extends JobTenant {
  correlationId: string;
}

/**
 * The tenant-and-mode part of a deterministic job id: the tenant's id in live mode (ids of live
 * jobs are what they were before test mode), `<id>-test` in test mode, so the same tick or object
 * in the two modes never shares a job.
 */
export function tenantJobKey({ tenantId, mode }: JobTenant): string {
  return mode === 'live' ? tenantId : `${tenantId}-test`;
}

export interface BillingRunAllJob {
  correlationId?: string;
}

export interface BillingRunTenantJob extends TenantJob {
  /** ISO timestamp: subscriptions whose period ended by then are billed. */
  asOf: string;
}

export interface AdvanceTestClockJob extends TenantJob {
  testClockId: string;
  /** ISO timestamp the clock moves to (part of the job id: one job per requested advance). */
  frozenTime: string;
}

export interface FinalizeDraftsAllJob {
  correlationId?: string;
}

export type FinalizeDraftsTenantJob = TenantJob;

export interface SendInvoiceJob extends TenantJob {
  invoiceId: string;
  /** Overrides the customer's e-mail address. */
  to?: string;
}

export interface SendCreditNoteJob extends TenantJob {
  creditNoteId: string;
  /** Overrides the customer's e-mail address. */
  to?: string;
}

export interface SendPaymentReminderJob extends TenantJob {
  invoiceId: string;
  /** The reminder schedule's day: days from the due date, negative before it. */
  daysFromDue: number;
}

export interface ProcessWebhookJob extends TenantJob {
  /** webhook_events.id in the tenant database. */
  webhookEventId: string;
}

export interface SweepWebhooksJob {
  correlationId?: string;
}

export interface ReconcileMpesaJob {
  correlationId?: string;
}

export type ReconcileMpesaTenantJob = TenantJob;

/**
 * The job that applies stored webhook event `webhookEventId`. Its id depends only on tenant and
 * event, so the intake, a redelivery and the sweep can all add it: a waiting job is never doubled.
 */
export function processWebhookJob(tenant: JobTenant, webhookEventId: string, correlationId: string) {
  return {
    name: JOBS.processWebhook,
    data: { tenantId: tenant.tenantId, mode: tenant.mode, correlationId, webhookEventId } satisfies ProcessWebhookJob,
    opts: { jobId: jobId('webhook', tenantJobKey(tenant), webhookEventId) },
  };
}

/** One more try of a failed event, after its job gave up: a fresh id per try, no retries of its own. */
export function retryWebhookJob(tenant: JobTenant, webhookEventId: string, attemptsSoFar: number, correlationId: string) {
  return {
    name: JOBS.processWebhook,
    data: { tenantId: tenant.tenantId, mode: tenant.mode, correlationId, webhookEventId } satisfies ProcessWebhookJob,
    opts: { jobId: jobId('webhook', tenantJobKey(tenant), webhookEventId, 'retry', attemptsSoFar), attempts: 1 },
  };
}

export interface RefundCreditNoteJob extends TenantJob {
  creditNoteId: string;
}

export interface SendReceiptJob extends TenantJob {
  paymentId: string;
  /** Overrides the customer's e-mail address. */
  to?: string;
}

/**
 * The job that refunds credit note `creditNoteId`. Queued after the note's transaction commits and
 * again by the webhook sweep while the note's refund is pending (`sweepRun` tells those tries
 * apart), so a process that dies between the commit and the queue loses no refund; the job is
 * idempotent (the refund was reserved with the note; its id is the provider's idempotency key).
 */
export function refundCreditNoteJob(tenant: JobTenant, creditNoteId: string, correlationId: string, sweepRun?: number) {
  return {
    name: JOBS.refundCreditNote,
    data: { tenantId: tenant.tenantId, mode: tenant.mode, correlationId, creditNoteId } satisfies RefundCreditNoteJob,
    opts: {
      jobId: sweepRun === undefined ? jobId('credit-note-refund', tenantJobKey(tenant), creditNoteId) : jobId('credit-note-refund', tenantJobKey(tenant), creditNoteId, 'sweep', sweepRun),
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000 },
    },
  };
}

export interface ChargeInvoiceJob extends TenantJob {
  invoiceId: string;
  /** The tenant's dunning schedule when the job was created: delay before retry n (1-based) is retryDelaysMs[n - 1]. */
  retryDelaysMs: number[];
}

/** Backoff type of charge jobs: waits follow the job's own retryDelaysMs (see dunningBackoff). */
export const DUNNING_BACKOFF = 'dunning';

/** BullMQ custom backoff: the delay before the retry after `attemptsMade` failed attempts. */
export function dunningBackoff(attemptsMade: number, retryDelaysMs: readonly number[]): number {
  return retryDelaysMs[Math.min(attemptsMade, retryDelaysMs.length) - 1] ?? 0;
}

export interface RateCdrsJob extends TenantJob {
  /** The ingestion batch or retry request that caused the job (its job id). */
  batchId: string;
}

export interface PruneAuditLogJob {
  correlationId?: string;
}

export type PruneAuditLogTenantJob = TenantJob;

export interface PruneEventsJob {
  correlationId?: string;
}

export type PruneEventsTenantJob = TenantJob;

export interface LowBalanceNoticeJob extends TenantJob {
  accountId: string;
}

export interface RelayWebhooksJob {
  correlationId?: string;
}

export type RelayWebhooksTenantJob = TenantJob;

export interface WebhookEndpointDisabledJob extends TenantJob {
  endpointId: string;
  url: string;
}

export interface AccountLockedJob {
  correlationId: string;
  /** admin_users.id of the locked account. */
  userId: string;
  lockedForSeconds: number;
  /** The client address of the attempt that started the lockout. */
  ip?: string;
  /** ISO timestamp of when the lockout started. */
  at: string;
}

/**
 * What an account e-mail is about. Token-carrying kinds name what the token is for, never the token:
 * the worker mints the secret as it sends (only its hash is stored), so no secret waits in Redis.
 */
export type AccountMailRequest =
  /** account_tokens.id of the invitation. */
  | { kind: 'invitation'; invitationId: string }
  /** Whatever address was typed: the worker sends only if an account has it (the API's answer is the same either way). */
  | { kind: 'password_reset'; email: string }
  | { kind: 'email_verification'; userId: string }
  /** The confirmation link goes to the new address. */
  | { kind: 'email_change'; userId: string; newEmail: string }
  /** The notice to the address the account had before a confirmed change. */
  | { kind: 'email_changed'; userId: string; previousEmail: string };

export type AccountMailJob = AccountMailRequest & { correlationId: string };

/** Retries with exponential backoff (2 s, 4 s, 8 s, …); history kept long enough to debug. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 86_400, count: 10_000 },
  removeOnFail: { age: 7 * 86_400 },
} as const;

/** BullMQ job ids may not contain ':'; deterministic ids make enqueueing idempotent. */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((part) => String(part).replace(/:/g, '_')).join('.');
}
