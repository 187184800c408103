// Checks on our own request objects, shared by all adapters so errors read the same everywhere.

import { PaymentRequestError } from '../errors';

export function requireText(value: string | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new PaymentRequestError(field, 'is required');
  return value;
}

/** Provider references travel in URL paths; refuse anything that could change the path. */
export function requireReference(value: string, field = 'reference'): string {
  requireText(value, field);
  if (!/^[A-Za-z0-9._=\-|:]+$/.test(value)) {
    throw new PaymentRequestError(field, 'may only contain letters, digits and . _ = - | :');
  }
  return value;
}
