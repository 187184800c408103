import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The password rule of admin accounts, defined once: registration (and any future password change
// or reset) validates with it. NIST SP 800-63B: length over composition rules, and refuse passwords
// known to be common. Lengths count Unicode code points, not UTF-16 units, so "🔑" is one character.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

let common: ReadonlySet<string> | undefined;

/**
 * ~10,000 common passwords of 10 characters or more (shorter ones fail the length rule anyway),
 * lower-cased and NFKC-normalised, one a line; see common-passwords.README.md for their sources.
 * Loaded on first use.
 */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8').split('\n').filter(Boolean));
  return common;
}

/** The form a password is compared to the list in: case, Unicode variants and surrounding spaces do not make it less common. */
function comparable(password: string): string {
  return password.normalize('NFKC').trim().toLowerCase();
}

/** Why `password` is not acceptable, as a phrase to follow the field name ("password must …"), or null when it is. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() === '') return 'must not be only spaces';
  if (commonPasswords().has(comparable(password))) return 'is too common; choose one that is harder to guess';
  return null;
}
