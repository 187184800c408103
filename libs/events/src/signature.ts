// The `NovaBilling-Signature` header (Stripe's scheme): `t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
// "<t>.<body>")>`, one v1 per signing secret in force (two during a rotation's overlap). Receivers
// recompute it over the raw body with their secret and compare in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'NovaBilling-Signature';
/** A receiver should refuse a signature older than this (replays). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The header value for `body` signed at `timestamp` with each of `secrets` (the current one first). */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${computeSignature(secret, timestamp, body)}`)].join(',');
}

/**
 * A receiver's check (what the README's snippet does): the header's timestamp within `toleranceSeconds`
 * of `now` and one of its v1 signatures equal to ours for `secret`.
 */
export function verifySignature(header: string, body: string, secret: string, options: { toleranceSeconds?: number; now?: Date } = {}): boolean {
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(computeSignature(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .some(([, value]) => timingSafeEqual(Buffer.from(value!, 'hex'), expected));
}
