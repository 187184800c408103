import type { LoggerOptions } from 'pino';
import type { LogFormat, LoggingConfig } from '@nova/config';

/** pino-pretty is a dev dependency: found on a developer's machine, absent from a production install. */
const PRETTY_PRINTER = 'pino-pretty';

/** Where this process's logs go, as far as choosing their format is concerned. */
export interface LogOutput {
  /** stdout is a terminal (a person reads it) rather than a pipe or a file (a collector parses it). */
  isTTY: boolean;
  /** pino-pretty's resolved path, when it is installed. */
  prettyPrinter: string | undefined;
}

/**
 * JSON unless a person is watching: pretty on a terminal when pino-pretty is installed. LOG_FORMAT
 * overrides either way, except that pretty without pino-pretty can only be JSON.
 */
export function chooseLogFormat(setting: LogFormat | undefined, output: LogOutput): LogFormat {
  if (!output.prettyPrinter) return 'json';
  return setting ?? (output.isTTY ? 'pretty' : 'json');
}

/** This process's stdout, and pino-pretty if it can be found (resolved by name at run time: never a static import of a dev dependency). */
export function currentLogOutput(): LogOutput {
  let prettyPrinter: string | undefined;
  try {
    prettyPrinter = require.resolve(PRETTY_PRINTER);
  } catch {
    prettyPrinter = undefined;
  }
  return { isTTY: process.stdout.isTTY === true, prettyPrinter };
}

/** Nest's start-up chatter (a line per module and per route) that a person at a terminal does not need. */
const BOOT_CHATTER = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);
const INFO = 30;

/**
 * The pino options of the API and the worker: level, redaction of credentials, and the format.
 * Pretty is one short line per entry (time, level, [context] message), without pid, hostname or
 * Nest's boot chatter; JSON carries everything.
 */
export function processLoggerOptions(config: LoggingConfig, output: LogOutput = currentLogOutput()): { format: LogFormat; options: LoggerOptions } {
  const format = chooseLogFormat(config.format, output);
  const options: LoggerOptions = {
    level: config.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-paystack-signature"]',
        'req.headers["stripe-signature"]',
        'req.headers["x-razorpay-signature"]',
        'req.headers["verif-hash"]',
        '*.password',
        '*.refreshToken',
        '*.secret',
        // Account security: e-mailed tokens, MFA challenges and codes, new passwords, TOTP secrets.
        '*.token',
        '*.challengeToken',
        '*.recoveryCode',
        '*.newPassword',
        '*.currentPassword',
        '*.totpSecret',
      ],
      censor: '[redacted]',
    },
  };
  if (format === 'json') return { format, options };
  return {
    format,
    options: {
      ...options,
      transport: {
        target: output.prettyPrinter!,
        options: { colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,context,req,res,responseTime', messageFormat: '{if context}[{context}] {end}{msg}' },
      },
      hooks: {
        logMethod(args, log, level) {
          const fields = args[0] as { context?: unknown } | undefined;
          if (level === INFO && typeof fields?.context === 'string' && BOOT_CHATTER.has(fields.context)) return;
          log.apply(this, args);
        },
      },
    },
  };
}
