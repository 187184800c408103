import { plainLetter } from './plain-letter';
import type { RenderedEmail } from './invoice-email';

export interface AccountLockedEmailInput {
  userName: string;
  tenantName: string;
  lockedForSeconds: number;
  /** The client address of the attempt that started the lockout, if known. */
  ip?: string;
  at: Date;
}

function duration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Tells a tenant admin that repeated wrong passwords locked their sign-in for a while. */
export function accountLockedEmail(input: AccountLockedEmailInput): RenderedEmail {
  const subject = 'Your NovaBilling sign-in is temporarily locked';
  const origin = input.ip ? ` from ${input.ip}` : '';
  const what = `Several wrong passwords were entered for your ${input.tenantName} account${origin} (last at ${input.at.toISOString()}), so signing in is locked for ${duration(input.lockedForSeconds)}.`;
  const advice = 'If this was you, wait and try again. If it was not, someone may be guessing your password: once you can sign in, change it, and tell your administrator.';
  return { subject, ...plainLetter(`Dear ${input.userName},`, [what, advice], 'NovaBilling') };
}
