import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries the expected Bearer token (METRICS_TOKEN). No token
 * configured means open. Compared in constant time on digests, so neither length nor content leaks.
 */
export function metricsAccessAllowed(authorization: string | string[] | undefined, expected: string | undefined): boolean {
  if (!expected) return true;
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(expected));
}
