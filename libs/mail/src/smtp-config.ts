/** How to reach the outbound SMTP relay. `secure` means TLS from the first byte (port 465). */
export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  /** Sender of every message, e.g. `"NovaBilling" <billing@example.com>`. */
  from: string;
}

export class InvalidSmtpConfigError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`Invalid SMTP config: ${field} ${problem}`);
  }
}

/** Fails fast at start-up rather than on the first invoice e-mail. Never echoes the password. */
export function assertValidSmtpConfig(config: SmtpConfig): void {
  if (typeof config.host !== 'string' || config.host.trim() === '') throw new InvalidSmtpConfigError('host', 'must be a non-empty string');
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new InvalidSmtpConfigError('port', `must be an integer from 1 to 65535, got ${String(config.port)}`);
  }
  if (typeof config.secure !== 'boolean') throw new InvalidSmtpConfigError('secure', 'must be a boolean');
  if (typeof config.from !== 'string' || config.from.trim() === '') throw new InvalidSmtpConfigError('from', 'must be a non-empty string');
  if (config.user && !config.password) throw new InvalidSmtpConfigError('password', 'is required when user is set');
  if (config.password && !config.user) throw new InvalidSmtpConfigError('user', 'is required when password is set');
}
