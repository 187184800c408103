import { Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { randomBytes } from 'node:crypto';
import type { Queryable } from '@nova/common';
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH, TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_WINDOW_STEPS, formatRecoveryCode, normaliseRecoveryCode, totpStepAccepted, totpStepAt } from '@nova/domain';
import { CredentialsCipher } from '@nova/payments';
import { findTotpState, recordTotpStep } from './admin-users.repository';
import { consumeRecoveryCode } from './account-tokens.repository';
import { hashSecretToken } from './secret-tokens';

const ISSUER = 'NovaBilling';

export interface NewTotpSecret {
  /** Base32, for typing into an authenticator by hand. */
  secret: string;
  /** otpauth://totp/… for a QR code. */
  otpauthUri: string;
  /** What is stored: the secret sealed with ENCRYPTION_KEY, bound to the user. */
  sealed: string;
}

/**
 * TOTP (RFC 6238, SHA-1, 6 digits, 30 s: what every authenticator app speaks) through `otpauth`, and
 * recovery codes. Secrets are sealed with the provider credentials' AES-256-GCM cipher, with the
 * user's id as associated data, so a sealed secret copied onto another user's row does not open.
 */
@Injectable()
export class TotpSecrets {
  constructor(private readonly cipher: CredentialsCipher) {}

  create(userId: string, accountLabel: string): NewTotpSecret {
    const secret = new Secret({ size: 20 });
    const totp = new TOTP({ issuer: ISSUER, label: accountLabel, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret });
    return { secret: secret.base32, otpauthUri: totp.toString(), sealed: this.cipher.encrypt(secret.base32, context(userId)) };
  }

  /**
   * Accepts a code of the user's secret if it is valid now (±1 step) and of a later step than the
   * last accepted one, recording its step. Call inside a transaction: the row is locked, so of two
   * concurrent uses of one code only one succeeds. `enabledOnly`: a pending enrolment's secret does not count.
   */
  async acceptCode(db: Queryable, userId: string, code: string, options: { enabledOnly: boolean }, now = new Date()): Promise<boolean> {
    const state = await findTotpState(db, userId, { lock: true });
    if (!state?.secret || (options.enabledOnly && !state.enabledAt)) return false;
    const step = this.matchingStep(this.cipher.decrypt(state.secret, context(userId)), code, now);
    if (step === null || !totpStepAccepted(state.lastStep, step)) return false;
    await recordTotpStep(db, userId, step);
    return true;
  }

  private matchingStep(base32: string, code: string, now: Date): number | null {
    const totp = new TOTP({ algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
    const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
    return delta === null ? null : totpStepAt(now) + delta;
  }
}

/** Ten fresh recovery codes: what the user is shown once, and the hashes that are stored. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    // 256 is a multiple of 32: masking each byte keeps every letter equally likely.
    const bytes = randomBytes(RECOVERY_CODE_LENGTH);
    return [...bytes].map((byte) => RECOVERY_CODE_ALPHABET[byte & 31]).join('');
  });
  return { codes: codes.map(formatRecoveryCode), hashes: codes.map(hashSecretToken) };
}

/** Spends one of the user's recovery codes (single use); false when it is not one of theirs or was used. */
export function useRecoveryCode(db: Queryable, userId: string, code: string): Promise<boolean> {
  return consumeRecoveryCode(db, userId, hashSecretToken(normaliseRecoveryCode(code)));
}

function context(userId: string): string {
  return `admin-user:${userId}/totp`;
}
