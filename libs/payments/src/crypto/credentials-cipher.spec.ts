import { CiphertextError, CredentialsCipher, EncryptionKeyError } from './credentials-cipher';
import { maskSecret } from './mask-secret';

const KEY_A = 'a'.repeat(64);
const KEY_B = '0123456789abcdef'.repeat(4);
const CREDENTIALS = { secretKey: 'sk_live_5f3c9a0e7b1d4c2a', webhookSecret: 'whsec_ünïcødé' };

describe('CredentialsCipher', () => {
  const cipher = CredentialsCipher.fromConfig({ encryptionKey: KEY_A });

  it('round-trips JSON credentials and never repeats a ciphertext', () => {
    const first = cipher.encryptJson(CREDENTIALS, 'tenant:42/paystack');
    const second = cipher.encryptJson(CREDENTIALS, 'tenant:42/paystack');
    expect(first).not.toBe(second);
    expect(first).not.toContain('sk_live');
    expect(cipher.decryptJson(first, 'tenant:42/paystack')).toEqual(CREDENTIALS);
  });

  it('writes v1:<keyId>:<iv>:<tag>:<ciphertext>', () => {
    const parts = cipher.encrypt('x').split(':');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toBe(cipher.currentKeyId);
    expect(Buffer.from(parts[2]!, 'base64')).toHaveLength(12);
    expect(Buffer.from(parts[3]!, 'base64')).toHaveLength(16);
  });

  it('rejects any tampering with the ciphertext, tag, iv or key id', () => {
    const sealed = cipher.encrypt('sk_live_secret');
    const [version, keyId, iv, tag, body] = sealed.split(':') as [string, string, string, string, string];
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      return bytes.toString('base64');
    };
    for (const forged of [
      [version, keyId, iv, tag, flip(body)],
      [version, keyId, iv, flip(tag), body],
      [version, keyId, flip(iv), tag, body],
    ]) {
      expect(() => cipher.decrypt(forged.join(':'))).toThrow(CiphertextError);
    }
    expect(() => cipher.decrypt([version, 'ffffffffffffffff', iv, tag, body].join(':'))).toThrow(/unknown key/);
    expect(() => cipher.decrypt('v2:x:y:z:w')).toThrow(CiphertextError);
    expect(() => cipher.decrypt('not a ciphertext')).toThrow(CiphertextError);
  });

  it('fingerprints a secret the same way every time, per context, without revealing it', () => {
    const fingerprint = cipher.fingerprint('AUTH_abc123', 'account:1');
    expect(cipher.fingerprint('AUTH_abc123', 'account:1')).toBe(fingerprint);
    expect(cipher.fingerprint('AUTH_abc124', 'account:1')).not.toBe(fingerprint);
    expect(cipher.fingerprint('AUTH_abc123', 'account:2')).not.toBe(fingerprint);
    expect(fingerprint).not.toContain('AUTH_abc123');
    expect(CredentialsCipher.fromConfig({ encryptionKey: 'f'.repeat(64) }).fingerprint('AUTH_abc123', 'account:1')).not.toBe(fingerprint);
  });

  it('binds the ciphertext to its context', () => {
    const sealed = cipher.encrypt('sk_live_secret', 'tenant:1/stripe');
    expect(() => cipher.decrypt(sealed, 'tenant:2/stripe')).toThrow(CiphertextError);
    expect(() => cipher.decrypt(sealed)).toThrow(CiphertextError);
  });

  it('rotates: old ciphertexts open with a previous key and are flagged for re-sealing', () => {
    const old = CredentialsCipher.fromConfig({ encryptionKey: KEY_A }).encrypt('sk_live_secret', 'ctx');
    const rotated = CredentialsCipher.fromConfig({ encryptionKey: KEY_B, previousKeys: [KEY_A] });

    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.decrypt(old, 'ctx')).toBe('sk_live_secret');

    const resealed = rotated.rotate(old, 'ctx');
    expect(rotated.needsRotation(resealed)).toBe(false);
    expect(resealed.split(':')[1]).toBe(rotated.currentKeyId);
    expect(CredentialsCipher.fromConfig({ encryptionKey: KEY_B }).decrypt(resealed, 'ctx')).toBe('sk_live_secret');
    expect(() => CredentialsCipher.fromConfig({ encryptionKey: KEY_B }).decrypt(old, 'ctx')).toThrow(/unknown key/);
  });

  it('reads keys from the environment and refuses malformed keys', () => {
    const fromEnv = CredentialsCipher.fromEnvironment({ ENCRYPTION_KEY: KEY_B, ENCRYPTION_PREVIOUS_KEYS: ` ${KEY_A} ,` });
    expect(fromEnv.decrypt(cipher.encrypt('hello'))).toBe('hello');
    expect(() => CredentialsCipher.fromEnvironment({})).toThrow(/ENCRYPTION_KEY is not set/);
    expect(() => CredentialsCipher.fromConfig({ encryptionKey: 'abc' })).toThrow(EncryptionKeyError);
    expect(() => CredentialsCipher.fromConfig({ encryptionKey: KEY_A, previousKeys: ['zz'] })).toThrow(/previousKeys\[0\]/);
  });
});

describe('maskSecret', () => {
  it.each([
    ['sk_test_abcd1234', 'sk_test_…1234'],
    ['sk_live_51HxYzAbCdEfGh9876', 'sk_live_…9876'],
    ['whsec_0123456789abcdef', 'whsec_…cdef'],
    ['rzp_test_1DP5mmOlF5G5ag', 'rzp_test_…G5ag'],
    ['FLWSECK_TEST-1a2b3c4d5e6f-X', 'FLWSECK_TEST-…6f-X'],
    ['plainsecretvalue', '…alue'],
    ['sk_test_abc', 'sk_test_…'],
    ['short', '…'],
    ['', '…'],
  ])('%s -> %s', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });
});
