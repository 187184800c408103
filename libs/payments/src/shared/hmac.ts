// HMAC signing and constant-time comparison, shared by every webhook verifier and every fake
// that signs webhooks, so the two sides cannot drift apart.

import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';

export function hmac(algorithm: HmacAlgorithm, key: string, payload: string | Buffer, encoding: DigestEncoding): string {
  return createHmac(algorithm, key).update(payload).digest(encoding);
}

/**
 * Constant-time string equality. `timingSafeEqual` needs equal lengths, so unequal lengths
 * return false straight away: the length of a well-formed signature is public anyway.
 */
export function safeEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `signature` is the HMAC of `payload` under any of `secrets` (secret rotation). */
export function matchesHmac(
  signature: string,
  payload: string | Buffer,
  secrets: readonly string[],
  algorithm: HmacAlgorithm,
  encoding: DigestEncoding,
): boolean {
  const normalised = encoding === 'hex' ? signature.trim().toLowerCase() : signature.trim();
  let matched = false;
  // Check every secret (no early exit) so timing does not reveal which secret matched.
  for (const secret of secrets) matched = safeEqual(normalised, hmac(algorithm, secret, payload, encoding)) || matched;
  return matched;
}
