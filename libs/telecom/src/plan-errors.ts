import { DomainError, ErrorCode } from '@nova/domain';
import { compileRatingPlan, RatingPlanError } from '@nova/rating';

/** A rating plan the core refuses becomes a 400 naming every bad field (e.g. rates[3].unitSeconds). */
export function asValidationError(error: unknown, prefix = ''): unknown {
  if (!(error instanceof RatingPlanError)) return error;
  const fields = error.issues.map((issue) => ({ field: `${prefix}${issue.path}`, message: issue.message }));
  return new DomainError(ErrorCode.ValidationFailed, error.message, { fields });
}

/** Compiles plan data only to validate it: the core reports every bad field at once. */
export function assertCompiles(data: Parameters<typeof compileRatingPlan>[0]): void {
  try {
    compileRatingPlan(data);
  } catch (error) {
    throw asValidationError(error);
  }
}
