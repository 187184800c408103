// Secrets may be configured as one value or a list (during rotation, providers keep signing
// retries of old events with the previous secret).

export type SecretOrSecrets = string | readonly string[];

export function secretList(secrets: SecretOrSecrets | undefined): string[] {
  if (secrets === undefined) return [];
  return (typeof secrets === 'string' ? [secrets] : [...secrets]).filter((secret) => secret.length > 0);
}

/** Replaces every occurrence of a known secret in text meant for logs or error messages. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
  return redacted;
}
