// Domain errors carry a code and no HTTP meaning; the API maps codes to status codes in one
// place (apps/api/src/common/http-error.filter.ts), and the worker decides retries by code.
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

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(resource: string, id?: string): AppError {
    return new AppError(ErrorCode.NotFound, id ? `${resource} ${id} was not found` : `${resource} was not found`);
  }

  static conflict(message: string, field?: string): AppError {
    return new AppError(ErrorCode.Conflict, message, field ? { fields: [{ field, message }] } : undefined);
  }

  static invalidState(message: string): AppError {
    return new AppError(ErrorCode.InvalidState, message);
  }

  static validation(field: string, message: string): AppError {
    return new AppError(ErrorCode.ValidationFailed, `${field}: ${message}`, { fields: [{ field, message }] });
  }
}
