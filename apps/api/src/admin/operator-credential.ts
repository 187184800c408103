import { createHash, timingSafeEqual } from 'node:crypto';
import type { OperatorConfig } from '@nova/config';

/** What the audit log names an operator who came in with the bearer token (never the token itself). */
export const TOKEN_OPERATOR = 'operator-token';

/**
 * Checks an Authorization header against the configured operator credential: `Basic` with
 * OPERATOR_USERNAME/OPERATOR_PASSWORD or `Bearer` OPERATOR_TOKEN. Returns who came in (the
 * username, or TOKEN_OPERATOR), or undefined. Tenant JWTs and API keys are never looked up:
 * only the configured values open the door.
 */
export function authenticateOperator(authorization: string | undefined, config: OperatorConfig): string | undefined {
  if (!authorization) return undefined;
  const space = authorization.indexOf(' ');
  const scheme = authorization.slice(0, Math.max(space, 0)).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  if (scheme === 'basic' && config.basic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    // Both halves are compared every time, so the timing does not tell a right username from a wrong one.
    const usernameMatches = sameSecret(decoded.slice(0, colon), config.basic.username);
    const passwordMatches = sameSecret(decoded.slice(colon + 1), config.basic.password);
    return usernameMatches && passwordMatches ? config.basic.username : undefined;
  }
  if (scheme === 'bearer' && config.token) return sameSecret(value, config.token) ? TOKEN_OPERATOR : undefined;
  return undefined;
}

/** Constant-time: digests have one length, so neither the comparison's time nor an exception reveals the secret's length. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
