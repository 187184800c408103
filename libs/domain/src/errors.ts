// The one root of the errors the business raises. A DomainError carries a code and no HTTP
// meaning: the API turns codes into status codes in one exhaustive switch
// (apps/api/src/common/http-error.filter.ts, a new code does not compile until it is mapped), and
// the worker decides retries by code. Subclasses (InvalidTransitionError, DomainValidationError …)
// add what a caller may want to inspect; they all answer as their code says.

export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  Conflict = 'conflict',
  InvalidState = 'invalid_state',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  TenantSuspended = 'tenant_suspended',
  ProvisioningFailed = 'provisioning_failed',
  LimitReached = 'limit_reached',
  /** A limit of the tenant's NovaBilling plan (libs/domain/src/platform/plans.ts); `details.limit` = { name, used, max }. */
  PlanLimitReached = 'plan_limit_reached',
  /** The tenant's NovaBilling trial has ended: it may read but not write until a plan is set. */
  TrialEnded = 'trial_ended',
  /** No owner of the tenant has verified an e-mail address yet: live mode is closed, test mode works. */
  EmailUnverified = 'email_unverified',
  /** A payment provider could not be reached or refused the request. */
  ProviderFailed = 'provider_failed',
  /** Throttled or locked out; `details.retryAfterSeconds` says when to try again. */
  TooManyRequests = 'too_many_requests',
  /** A dependency (the database, Redis) cannot take the request now; the caller should retry later. */
  Unavailable = 'service_unavailable',
  /** An upload past the size or row limit of its endpoint (named in the message). */
  PayloadTooLarge = 'payload_too_large',
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  fields?: FieldProblem[];
  [key: string]: unknown;
}

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
  }

  static notFound(resource: string, id?: string): DomainError {
    return new DomainError(ErrorCode.NotFound, id ? `${resource} ${id} was not found` : `${resource} was not found`);
  }

  static conflict(message: string, field?: string): DomainError {
    return new DomainError(ErrorCode.Conflict, message, field ? { fields: [{ field, message }] } : undefined);
  }

  static invalidState(message: string): DomainError {
    return new DomainError(ErrorCode.InvalidState, message);
  }

  static validation(field: string, message: string): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [{ field, message }] });
  }
}

/**
 * Bad input to a domain function. `field` names the offending input (e.g. `lines[2].quantity`) so an API layer
 * can turn it into a 400 response that points at the right field without parsing the message.
 */
export class DomainValidationError extends DomainError {
  override name = 'DomainValidationError';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(ErrorCode.ValidationFailed, `${field}: ${reason}`, { fields: [{ field, message: reason }] });
  }
}

/**
 * A status change an aggregate's state machine forbids (cancel a canceled subscription, pay a void
 * invoice …): 409 at the API. `machine` names the aggregate, `event` what was asked.
 */
export class InvalidTransitionError extends DomainError {
  override name = 'InvalidTransitionError';

  constructor(
    readonly machine: 'subscription' | 'invoice' | 'payment' | 'test_clock',
    readonly from: string,
    readonly event: string,
    reason: string,
  ) {
    super(ErrorCode.InvalidState, reason, { from, event });
  }
}
