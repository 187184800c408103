import { EnvReader } from '../env-reader';

export class AuthConfig {
  constructor(
    readonly jwtSecret: string,
    readonly accessTokenTtlSeconds: number,
    readonly refreshTokenTtlDays: number,
    readonly apiKeyCacheTtlMs: number,
  ) {}

  static fromEnv(env: EnvReader): AuthConfig {
    const jwtSecret = env.string('JWT_SECRET');
    env.check(!jwtSecret || jwtSecret.length >= 32, 'JWT_SECRET must be at least 32 characters');
    return new AuthConfig(
      jwtSecret,
      env.int('JWT_ACCESS_TTL_SECONDS', 900, { min: 30, max: 86_400 }),
      env.int('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
      env.int('API_KEY_CACHE_TTL_MS', 30_000, { min: 0, max: 3_600_000 }),
    );
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
