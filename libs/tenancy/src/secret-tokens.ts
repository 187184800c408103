import { createHash, randomBytes } from 'node:crypto';

/** A single-use secret for a person (e-mailed link, MFA challenge): 256 random bits, URL-safe. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

/** SHA-256 hex: the secrets are high-entropy, so a fast hash suffices (and a lookup by hash stays an index probe). */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
