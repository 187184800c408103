import { ConfigError, EnvReader } from '../env-reader';

/** pino's levels, quietest last. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * How this process logs. Unlike the other areas it is read from the process's own environment
 * (loadLoggingConfig), not from an AppConfig handed to the apps: tests and benchmarks build the
 * apps with a configuration of their own but keep the log level of the process that runs them.
 */
export class LoggingConfig {
  constructor(
    /** LOG_LEVEL (info). */
    readonly level: LogLevel,
    /** LOG_FORMAT: json or pretty; unset, the output decides (see chooseLogFormat in @nova/common). */
    readonly format: LogFormat | undefined,
    /** LOG_REQUESTS: one line per HTTP request (true). */
    readonly requests: boolean,
  ) {}

  static fromEnv(env: EnvReader): LoggingConfig {
    const level = env.string('LOG_LEVEL', 'info').toLowerCase();
    env.check((LOG_LEVELS as readonly string[]).includes(level), `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${level}")`);
    const format = env.optionalString('LOG_FORMAT')?.toLowerCase();
    env.check(format === undefined || (LOG_FORMATS as readonly string[]).includes(format), `LOG_FORMAT must be json or pretty, or unset to choose by the output (got "${format}")`);
    return new LoggingConfig(level as LogLevel, format as LogFormat | undefined, env.bool('LOG_REQUESTS', true));
  }
}

/** The logging settings of this process (throws a ConfigError naming every bad variable). */
export function loadLoggingConfig(source: Record<string, string | undefined> = process.env): LoggingConfig {
  const env = new EnvReader(source);
  const config = LoggingConfig.fromEnv(env);
  if (env.problems.length > 0) throw new ConfigError(env.problems);
  return config;
}
