import { DomainError, ErrorCode } from '@nova/domain';
import { PaymentRequestError, ProviderConfigError, ProviderError, UnsupportedOperationError } from '@nova/payments';

/** Provider-layer failures as domain errors (messages never carry secrets: the layer redacts them). */
export function providerFailureToDomainError(error: unknown): unknown {
  if (error instanceof PaymentRequestError) return DomainError.validation(error.field, error.message.slice(error.field.length + 2));
  if (error instanceof ProviderConfigError) return DomainError.validation(error.setting, error.message);
  if (error instanceof UnsupportedOperationError) return DomainError.invalidState(error.message);
  if (error instanceof ProviderError) return new DomainError(ErrorCode.ProviderFailed, error.message, { provider: error.provider, providerCode: error.code });
  return error;
}

/** Runs a provider call, turning its failures into domain errors. */
export async function callProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw providerFailureToDomainError(error);
  }
}
