import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, FieldProblem } from '@nova/common';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Strict DTO validation: unknown fields are rejected, and every 400 names the offending fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        code: ErrorCode.ValidationFailed,
        message: fields.map((problem) => problem.message).join('; '),
        fields,
      });
    },
  });
}
