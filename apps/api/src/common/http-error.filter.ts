import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode, FieldProblem, uniqueViolationFields } from '@nova/common';
import { OutsideTenantContextError } from '@nova/tenancy';

export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  fields?: FieldProblem[];
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
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.Conflict:
    case ErrorCode.InvalidState:
      return HttpStatus.CONFLICT;
    case ErrorCode.LimitReached:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.PayloadTooLarge:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.ProvisioningFailed:
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
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
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
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      body.errorId = randomUUID();
      this.logger.error(
        { errorId: body.errorId, method: request.method, url: request.url, err: exception },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof AppError) {
      const statusCode = statusFor(exception.code);
      return { statusCode, error: REASONS[statusCode] ?? 'Error', code: exception.code, message: exception.message, fields: exception.details?.fields };
    }
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

function codeForStatus(status: number): string {
  return (REASONS[status] ?? 'error').toLowerCase().replace(/ /g, '_');
}
