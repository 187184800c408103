// Shows which secret is configured without showing the secret: the provider's public prefix
// (sk_test_, whsec_, rzp_live_, FLWSECK_TEST-) and the last four characters.

const PREFIX = /^[A-Za-z]+(?:[_-](?:test|live|TEST|LIVE))?[_-]/;
const VISIBLE_TAIL = 4;
/** Below this many hidden characters, even the tail would give too much away. */
const MIN_HIDDEN = 4;

export function maskSecret(secret: string): string {
  const prefix = PREFIX.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  if (rest.length < VISIBLE_TAIL + MIN_HIDDEN) return `${prefix}…`;
  return `${prefix}…${rest.slice(-VISIBLE_TAIL)}`;
}
