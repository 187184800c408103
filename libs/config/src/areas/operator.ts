import { EnvReader } from '../env-reader';

/** Tenant API key prefixes: an operator token that looked like one could be mistaken for (or pasted from) a tenant's key. */
const TENANT_KEY_PREFIX = /^sk_(live|test)_/;

/**
 * The operators' credential for the API's operator pages (Bull Board at /admin/queues): HTTP
 * Basic (OPERATOR_USERNAME + OPERATOR_PASSWORD), a bearer OPERATOR_TOKEN, or both. It is not a
 * tenant credential: no tenant's JWT or API key opens these pages. With neither configured the
 * pages are not mounted at all.
 */
export class OperatorConfig {
  constructor(
    readonly basic: { username: string; password: string } | undefined,
    readonly token: string | undefined,
  ) {}

  get enabled(): boolean {
    return this.basic !== undefined || this.token !== undefined;
  }

  static fromEnv(env: EnvReader): OperatorConfig {
    const username = env.optionalString('OPERATOR_USERNAME');
    const password = env.optionalString('OPERATOR_PASSWORD');
    const token = env.optionalString('OPERATOR_TOKEN');
    env.check(!username === !password, 'OPERATOR_USERNAME and OPERATOR_PASSWORD must be set together');
    env.check(!username?.includes(':'), 'OPERATOR_USERNAME must not contain ":" (HTTP Basic separates it from the password with one)');
    env.check(!password || password.length >= 12, 'OPERATOR_PASSWORD must be at least 12 characters');
    env.check(!token || token.length >= 32, 'OPERATOR_TOKEN must be at least 32 characters, e.g. `openssl rand -hex 32`');
    env.check(!token || !TENANT_KEY_PREFIX.test(token), 'OPERATOR_TOKEN must not be a tenant API key (sk_live_…/sk_test_…)');
    return new OperatorConfig(username && password ? { username, password } : undefined, token);
  }
}
