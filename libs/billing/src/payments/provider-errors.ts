import { AppError, ErrorCode } from '@nova/common';
import { PaymentRequestError, ProviderConfigError, ProviderError, UnsupportedOperationError } from '@nova/payments';

/** Provider-layer failures as domain errors (messages never carry secrets: the layer redacts them). */
export function providerFailureToAppError(error: unknown): unknown {
  if (error instanceof PaymentRequestError) return AppError.validation(error.field, error.message.slice(error.field.length + 2));
  if (error instanceof ProviderConfigError) return AppError.validation(error.setting, error.message);
  if (error instanceof UnsupportedOperationError) return AppError.invalidState(error.message);
  if (error instanceof ProviderError) return new AppError(ErrorCode.ProviderFailed, error.message, { provider: error.provider, providerCode: error.code });
  return error;
}

/** Runs a provider call, turning its failures into domain errors. */
export async function callProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw providerFailureToAppError(error);
  }
}
