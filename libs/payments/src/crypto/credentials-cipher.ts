// AES-256-GCM for provider credentials at rest. Each ciphertext names the key that sealed it,
// so keys can be rotated: new data is sealed with the current key, old data still opens with a
// previous key, and `needsRotation` finds rows to re-seal.
//
// Format: v1:<keyId>:<iv base64>:<tag base64>:<ciphertext base64>
// The header (and an optional caller context such as "tenant:42/paystack") is authenticated as
// AAD, so a ciphertext cannot be moved to another row or relabelled with another key id.

import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HEX = /^[0-9a-fA-F]{64}$/;

export class CiphertextError extends Error {
  override readonly name: string = 'CiphertextError';
}

export class EncryptionKeyError extends Error {
  override readonly name: string = 'EncryptionKeyError';
}

export interface CipherKeyConfig {
  /** ENCRYPTION_KEY: 32 bytes as 64 hex characters. */
  readonly encryptionKey: string;
  /** Keys retired by rotation, still accepted for decryption. */
  readonly previousKeys?: readonly string[];
}

interface CipherKey {
  readonly id: string;
  readonly bytes: Buffer;
}

function parseKey(hex: string, setting: string): CipherKey {
  if (!KEY_HEX.test(hex)) throw new EncryptionKeyError(`${setting} must be 64 hex characters (32 bytes)`);
  const bytes = Buffer.from(hex, 'hex');
  // The id is a fingerprint: stable for a key, reveals nothing usable about it.
  const id = createHash('sha256').update('nova-credentials-key-id:').update(bytes).digest('hex').slice(0, 16);
  return { id, bytes };
}

export class CredentialsCipher {
  private readonly keys: ReadonlyMap<string, CipherKey>;

  private constructor(private readonly current: CipherKey, previous: readonly CipherKey[]) {
    this.keys = new Map([...previous, current].map((key) => [key.id, key]));
  }

  static fromConfig(config: CipherKeyConfig): CredentialsCipher {
    const previous = (config.previousKeys ?? []).map((hex, index) => parseKey(hex.trim(), `previousKeys[${index}]`));
    return new CredentialsCipher(parseKey(config.encryptionKey.trim(), 'ENCRYPTION_KEY'), previous);
  }

  /** Reads ENCRYPTION_KEY and the comma-separated ENCRYPTION_PREVIOUS_KEYS. */
  static fromEnvironment(env: Readonly<Record<string, string | undefined>>): CredentialsCipher {
    const encryptionKey = env.ENCRYPTION_KEY;
    if (!encryptionKey) throw new EncryptionKeyError('ENCRYPTION_KEY is not set');
    const previousKeys = (env.ENCRYPTION_PREVIOUS_KEYS ?? '').split(',').filter((key) => key.trim() !== '');
    return CredentialsCipher.fromConfig({ encryptionKey, previousKeys });
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const header = `${VERSION}:${this.current.id}`;
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(header, context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [header, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join(':');
  }

  decrypt(ciphertext: string, context = ''): string {
    const parts = parse(ciphertext);
    const key = this.keys.get(parts.keyId);
    if (!key) throw new CiphertextError(`ciphertext was sealed with unknown key ${parts.keyId}`);
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(`${VERSION}:${parts.keyId}`, context));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.sealed), decipher.final()]).toString('utf8');
    } catch {
      throw new CiphertextError('ciphertext failed authentication (tampered, or wrong key or context)');
    }
  }

  encryptJson(value: unknown, context = ''): string {
    return this.encrypt(JSON.stringify(value), context);
  }

  decryptJson(ciphertext: string, context = ''): unknown {
    return JSON.parse(this.decrypt(ciphertext, context));
  }

  /**
   * A stable keyed digest of a secret, to recognise the same secret again without decrypting
   * (ciphertexts never repeat). Keyed with the current key: after a rotation the same secret
   * gets a new fingerprint.
   */
  fingerprint(secret: string, context = ''): string {
    return createHmac('sha256', this.current.bytes).update(`nova-fingerprint|${context}|`).update(secret, 'utf8').digest('base64url');
  }

  /** True when the ciphertext was sealed with a key other than the current one. */
  needsRotation(ciphertext: string): boolean {
    return parse(ciphertext).keyId !== this.current.id;
  }

  /** Re-seals with the current key (a no-op re-encryption when already current). */
  rotate(ciphertext: string, context = ''): string {
    return this.encrypt(this.decrypt(ciphertext, context), context);
  }
}

function aad(header: string, context: string): Buffer {
  return Buffer.from(`${header}|${context}`, 'utf8');
}

function parse(ciphertext: string): { keyId: string; iv: Buffer; tag: Buffer; sealed: Buffer } {
  const parts = typeof ciphertext === 'string' ? ciphertext.split(':') : [];
  if (parts.length !== 5 || parts[0] !== VERSION) throw new CiphertextError(`not a ${VERSION} credentials ciphertext`);
  const [, keyId, iv, tag, sealed] = parts as [string, string, string, string, string];
  const decoded = { keyId, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), sealed: Buffer.from(sealed, 'base64') };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) throw new CiphertextError('ciphertext has a malformed iv or tag');
  return decoded;
}
