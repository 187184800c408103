import { PLATFORM_PLAN_CODES, type PlatformPlanCode, isPlatformPlanCode } from '@nova/domain';
import { EnvReader } from '../env-reader';

export class AuthConfig {
  constructor(
    readonly jwtSecret: string,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlDays: number,
    readonly apiKeyCacheTtlMs: number,
    readonly throttle: AuthThrottleConfig,
    /**
     * SIGNUP_PLAN: the NovaBilling plan a newly registered tenant gets (libs/domain/src/platform/plans.ts).
     * Default trial (14 days, free-tier limits); a self-hosted installation serving only its own
     * company can start tenants on `scale`.
     */
    readonly signupPlan: PlatformPlanCode = 'trial',
  ) {}

  static fromEnv(env: EnvReader): AuthConfig {
    const jwtSecret = env.string('JWT_SECRET');
    env.check(!jwtSecret || jwtSecret.length >= 32, 'JWT_SECRET must be at least 32 characters');
    return new AuthConfig(
      jwtSecret,
      env.int('JWT_ACCESS_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      env.int('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
      env.int('API_KEY_CACHE_TTL_MS', 30_000, { min: 0, max: 3_600_000 }),
      AuthThrottleConfig.fromEnv(env),
      signupPlanFrom(env),
    );
  }
}

function signupPlanFrom(env: EnvReader): PlatformPlanCode {
  const plan = env.string('SIGNUP_PLAN', 'trial');
  env.check(isPlatformPlanCode(plan), `SIGNUP_PLAN must be one of ${PLATFORM_PLAN_CODES.join(', ')}`);
  return isPlatformPlanCode(plan) ? plan : 'trial';
}

/** Throttling of the auth endpoints and the growing lockout of accounts (counters in Redis, shared by all API replicas). */
export class AuthThrottleConfig {
  constructor(
    /** AUTH_THROTTLE_WINDOW_SECONDS: the fixed window the per-IP and per-account limits count in. */
    readonly windowSeconds: number,
    /** AUTH_THROTTLE_IP_MAX: login and registration attempts per client IP and window. */
    readonly ipMax: number,
    /** AUTH_THROTTLE_ACCOUNT_MAX: login attempts per e-mail address and window, whatever their outcome or origin. */
    readonly accountMax: number,
    /** AUTH_THROTTLE_REFRESH_IP_MAX: refresh and logout calls per client IP and window. */
    readonly refreshIpMax: number,
    /** AUTH_LOCKOUT_THRESHOLD: consecutive wrong passwords that lock the account. */
    readonly lockoutThreshold: number,
    /** AUTH_LOCKOUT_BASE_SECONDS: the first lockout; each further failure doubles it. */
    readonly lockoutBaseSeconds: number,
    /** AUTH_LOCKOUT_MAX_SECONDS: the longest lockout. */
    readonly lockoutMaxSeconds: number,
    /** AUTH_LOCKOUT_MEMORY_SECONDS: failures are forgotten after this long without another one (a success forgets them at once). */
    readonly lockoutMemorySeconds: number,
  ) {}

  static fromEnv(env: EnvReader): AuthThrottleConfig {
    const config = new AuthThrottleConfig(
      env.int('AUTH_THROTTLE_WINDOW_SECONDS', 60, { min: 1, max: 86_400 }),
      env.int('AUTH_THROTTLE_IP_MAX', 30, { min: 1, max: 1_000_000 }),
      env.int('AUTH_THROTTLE_ACCOUNT_MAX', 10, { min: 1, max: 1_000_000 }),
      env.int('AUTH_THROTTLE_REFRESH_IP_MAX', 120, { min: 1, max: 1_000_000 }),
      env.int('AUTH_LOCKOUT_THRESHOLD', 5, { min: 1, max: 1_000 }),
      env.int('AUTH_LOCKOUT_BASE_SECONDS', 60, { min: 1, max: 86_400 }),
      env.int('AUTH_LOCKOUT_MAX_SECONDS', 3_600, { min: 1, max: 30 * 86_400 }),
      env.int('AUTH_LOCKOUT_MEMORY_SECONDS', 86_400, { min: 1, max: 365 * 86_400 }),
    );
    env.check(config.lockoutMaxSeconds >= config.lockoutBaseSeconds, 'AUTH_LOCKOUT_MAX_SECONDS must be at least AUTH_LOCKOUT_BASE_SECONDS');
    return config;
  }
}

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export class EncryptionConfig {
  constructor(
    /** ENCRYPTION_KEY: 64 hex characters (32 bytes) sealing provider credentials (AES-256-GCM). */
    readonly key: string,
    /** ENCRYPTION_PREVIOUS_KEYS: keys being rotated out, still accepted for decryption. */
    readonly previousKeys: readonly string[],
  ) {}

  static fromEnv(env: EnvReader): EncryptionConfig {
    const key = env.string('ENCRYPTION_KEY');
    env.check(!key || HEX_KEY.test(key), 'ENCRYPTION_KEY must be 64 hex characters (32 bytes), e.g. `openssl rand -hex 32`');
    const previousKeys = (env.optionalString('ENCRYPTION_PREVIOUS_KEYS') ?? '').split(',').map((item) => item.trim()).filter(Boolean);
    previousKeys.forEach((previous, index) => env.check(HEX_KEY.test(previous), `ENCRYPTION_PREVIOUS_KEYS entry ${index + 1} must be 64 hex characters`));
    return new EncryptionConfig(key, previousKeys);
  }
}
