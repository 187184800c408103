// Live and test mode (Stripe's): every tenant has a live and a test database, and every request
// and job acts in exactly one of them. The rule of which one a request is in lives here, once.
import { DomainError } from '../errors';

export const TENANT_MODES = ['live', 'test'] as const;
export type TenantMode = (typeof TENANT_MODES)[number];

/** The request header a signed-in admin (JWT) switches modes with; an API key's mode is the key's own. */
export const MODE_HEADER = 'Nova-Mode';

export function isTenantMode(value: unknown): value is TenantMode {
  return value === 'live' || value === 'test';
}

/**
 * The mode of a request. An API key is in its own mode (`sk_live_`/`sk_test_`); a header that says
 * otherwise is refused rather than ignored, since the caller clearly expected other data. A JWT
 * session is live unless the header asks for test.
 */
export function requestMode(header: string | undefined, apiKeyMode?: TenantMode): TenantMode {
  const asked = header === undefined ? undefined : header.trim().toLowerCase();
  if (asked !== undefined && !isTenantMode(asked)) throw DomainError.validation(MODE_HEADER, 'must be live or test');
  if (apiKeyMode === undefined) return asked ?? 'live';
  if (asked !== undefined && asked !== apiKeyMode) {
    throw DomainError.validation(MODE_HEADER, `says ${asked}, but this is a ${apiKeyMode} API key (sk_${apiKeyMode}_); omit the header or use a ${asked} key`);
  }
  return apiKeyMode;
}
