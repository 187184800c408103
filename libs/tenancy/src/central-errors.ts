import { DomainError } from '@nova/domain';
import { databaseErrorToDomainError, isPgUniqueViolation } from '@nova/common';

// The central repositories use raw pg SQL; this is where their errors become domain errors.

/** Unique indexes of the central schema a caller can collide with, and the input field each one guards. */
const UNIQUE_FIELDS: Record<string, { field: string; message: string }> = {
  admin_users_email_key: { field: 'email', message: 'An account with this e-mail already exists' },
  tenants_slug_key: { field: 'slug', message: 'This slug is taken' },
};

/** A unique violation becomes a 409 naming the field, bad input a 400; anything else is rethrown as it is. */
export function translateCentralError(error: unknown): never {
  if (isPgUniqueViolation(error)) {
    const known = UNIQUE_FIELDS[(error as { constraint?: string }).constraint ?? ''];
    if (known) throw DomainError.conflict(known.message, known.field);
  }
  throw databaseErrorToDomainError(error) ?? error;
}

/** Runs a repository query, translating its errors. */
export async function translatingErrors<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    translateCentralError(error);
  }
}
