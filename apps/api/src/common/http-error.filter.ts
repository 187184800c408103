import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, databaseErrorToDomainError, isDatabaseUnavailable, uniqueViolationFields } from '@nova/common';
import { DomainError, ErrorCode, FieldProblem } from '@nova/domain';
import { OutsideTenantContextError } from '@nova/tenancy';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  fields?: FieldProblem[];
  /** plan_limit_reached: which limit of the tenant's NovaBilling plan, what is used and the maximum. */
  limit?: { name: string; used: number; max: number };
  /** trial_ended: when the trial ended. */
  trialEndsAt?: string | null;
  errorId?: string;
}

/** The one place where domain error codes become HTTP status codes. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.Unauthenticated:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.Forbidden:
    case ErrorCode.TenantSuspended:
    case ErrorCode.TrialEnded:
    case ErrorCode.EmailUnverified:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.InvalidState:
      return HttpStatus.CONFLICT;
    case ErrorCode.LimitReached:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.PlanLimitReached:
      return HttpStatus.PAYMENT_REQUIRED;
    case ErrorCode.TooManyRequests:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.ProvisioningFailed:
    case ErrorCode.Unavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.ProviderFailed:
      return HttpStatus.BAD_GATEWAY;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped error code ${String(unmapped)}`);
    }
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Every error leaves as the same JSON shape; 5xx get an errorId that is logged with the stack. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    const retryAfter = exception instanceof DomainError ? exception.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    else if (body.code === ErrorCode.Unavailable) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    if (body.code === ErrorCode.Unavailable) {
      // An outage is not a bug: one line per request, without the stack.
      body.errorId = randomUUID();
      this.logger.warn({ errorId: body.errorId, method: request.method, url: request.url, reason: exception instanceof Error ? exception.message : String(exception) }, body.message);
    } else if (body.statusCode >= 500) {
      body.errorId = randomUUID();
      this.logger.error(
        { errorId: body.errorId, method: request.method, url: request.url, err: exception },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    // A streamed response (CSV export) that fails after its headers went out can only be cut off.
    if (reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    // …and one that fails before has set its own content type already: the error is JSON.
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    // Every business error (a forbidden state transition, a domain validation…) answers as its code says.
    if (exception instanceof DomainError) return domainErrorBody(exception);
    const badBody = unparsableBody(exception, request);
    if (badBody) return domainErrorBody(badBody);
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const payload = typeof response === 'object' ? (response as Partial<ErrorBody> & { message?: string | string[] }) : { message: response };
      const message = Array.isArray(payload.message) ? payload.message.join('; ') : (payload.message ?? exception.message);
      return { statusCode, error: REASONS[statusCode] ?? 'Error', code: payload.code ?? codeForStatus(statusCode), message, fields: payload.fields };
    }
    const uniqueFields = uniqueViolationFields(exception);
    if (uniqueFields) {
      const field = uniqueFields.join(', ');
      return { statusCode: 409, error: 'Conflict', code: ErrorCode.Conflict, message: `A record with this ${field} already exists`, fields: uniqueFields.map((name) => ({ field: name, message: 'must be unique' })) };
    }
    if (isDatabaseUnavailable(exception)) return domainErrorBody(new DomainError(ErrorCode.Unavailable, 'The database is unavailable; retry later'));
    const refused = databaseErrorToDomainError(exception, { body: request.body, query: request.query, params: request.params });
    if (refused) return domainErrorBody(refused);
    if ((exception as { code?: unknown })?.code === 'P2025') return domainErrorBody(new DomainError(ErrorCode.NotFound, 'The record was not found'));
    if (exception instanceof OutsideTenantContextError) {
      return { statusCode: 500, error: REASONS[500], code: 'internal_error', message: 'Internal server error' };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      return { statusCode: fastifyStatus, error: REASONS[fastifyStatus] ?? 'Error', code: codeForStatus(fastifyStatus), message: (exception as Error).message };
    }
    return { statusCode: 500, error: REASONS[500], code: 'internal_error', message: 'Internal server error' };
  }
}

function domainErrorBody(error: DomainError): ErrorBody {
  const statusCode = statusFor(error.code);
  const body: ErrorBody = { statusCode, error: REASONS[statusCode] ?? 'Error', code: error.code, message: error.message, fields: error.details?.fields };
  if (error.code === ErrorCode.PlanLimitReached) body.limit = error.details?.limit as ErrorBody['limit'];
  if (error.code === ErrorCode.TrialEnded) body.trialEndsAt = error.details?.trialEndsAt as string | null;
  return body;
}

/**
 * Fastify's JSON parser refuses empty or malformed bodies and (secure-json-parse) bodies with
 * `__proto__` or `constructor.prototype` keys, without saying where: name the field.
 */
function unparsableBody(exception: unknown, request: FastifyRequest): DomainError | null {
  // Nest hands fastify's parser errors over wrapped in an HttpException.
  const wrapped = exception as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
  const code = wrapped?.code ?? wrapped?.cause?.code ?? (exception instanceof HttpException && /^Body is not valid JSON/.test(exception.message) ? 'FST_ERR_CTP_INVALID_JSON_BODY' : undefined);
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return DomainError.validation('body', 'must not be empty when the content type is application/json');
  if (code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String((request as { rawBody?: Buffer }).rawBody ?? ''));
  } catch {
    return DomainError.validation('body', 'is not valid JSON');
  }
  return DomainError.validation(forbiddenKey(parsed, '') ?? 'body', 'must not use the reserved names __proto__ or constructor.prototype');
}

function forbiddenKey(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value !== 'object' || value === null || depth > 32) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (key === '__proto__' || (key === 'constructor' && typeof item === 'object' && item !== null && 'prototype' in item)) return field;
    const inner = forbiddenKey(item, field, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

function codeForStatus(status: number): string {
  return (REASONS[status] ?? 'error').toLowerCase().replace(/ /g, '_');
}

/**
 * Fastify's `frameworkErrors`: requests refused before routing (a URL whose percent-encoding is
 * not UTF-8, a path param longer than maxParamLength) answer in the same shape, naming the path.
 */
export function frameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (!error.statusCode || error.statusCode >= 500) {
    void reply.status(500).send({ statusCode: 500, error: REASONS[500], code: 'internal_error', message: 'Internal server error' } satisfies ErrorBody);
    return;
  }
  const statusCode = error.statusCode;
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'has a segment that is too long' : 'must be valid percent-encoded UTF-8';
  const body: ErrorBody = { statusCode, error: REASONS[statusCode] ?? 'Error', code: ErrorCode.ValidationFailed, message: `path: ${message}`, fields: [{ field: 'path', message }] };
  void reply.status(statusCode).send(body);
}
