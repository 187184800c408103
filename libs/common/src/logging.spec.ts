import { Writable } from 'node:stream';
import pino from 'pino';
import { ConfigError, LoggingConfig, loadLoggingConfig } from '@nova/config';
import { chooseLogFormat, currentLogOutput, processLoggerOptions } from './logging';

const PRETTY = '/installed/pino-pretty/index.js';

describe('chooseLogFormat', () => {
  it('is pretty on a terminal and JSON on a pipe or file, when pino-pretty is installed', () => {
    expect(chooseLogFormat(undefined, { isTTY: true, prettyPrinter: PRETTY })).toBe('pretty');
    expect(chooseLogFormat(undefined, { isTTY: false, prettyPrinter: PRETTY })).toBe('json');
  });

  it('follows LOG_FORMAT whatever the output', () => {
    expect(chooseLogFormat('json', { isTTY: true, prettyPrinter: PRETTY })).toBe('json');
    expect(chooseLogFormat('pretty', { isTTY: false, prettyPrinter: PRETTY })).toBe('pretty');
  });

  it('is JSON without pino-pretty (a production install), even on a terminal or when asked for pretty', () => {
    expect(chooseLogFormat(undefined, { isTTY: true, prettyPrinter: undefined })).toBe('json');
    expect(chooseLogFormat('pretty', { isTTY: true, prettyPrinter: undefined })).toBe('json');
  });

  it('finds pino-pretty at run time where it is installed (this checkout has dev dependencies)', () => {
    expect(currentLogOutput().prettyPrinter).toMatch(/pino-pretty/);
  });
});

describe('processLoggerOptions', () => {
  const logging = new LoggingConfig('info', undefined, true);

  function linesOf(options: pino.LoggerOptions, write: (logger: pino.Logger) => void): Record<string, unknown>[] {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    // The transport runs in a worker thread; what is tested here is what happens before it.
    write(pino({ ...options, transport: undefined }, sink));
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('writes JSON to a pipe, with credentials redacted', () => {
    const { format, options } = processLoggerOptions(logging, { isTTY: false, prettyPrinter: PRETTY });
    expect(format).toBe('json');
    expect(options.transport).toBeUndefined();
    const [line] = linesOf(options, (logger) => logger.info({ req: { headers: { authorization: 'Bearer sk_live_secret' } }, body: { password: 'hunter22' } }, 'hello'));
    expect(line).toMatchObject({ msg: 'hello', req: { headers: { authorization: '[redacted]' } }, body: { password: '[redacted]' } });
  });

  it('redacts account-security secrets: e-mailed tokens, MFA challenges and recovery codes, new passwords', () => {
    const { options } = processLoggerOptions(logging, { isTTY: false, prettyPrinter: PRETTY });
    const body = { token: 't0ken', challengeToken: 'ch4llenge', recoveryCode: 'ab3de-fg7hk', newPassword: 'a brand new horse', email: 'ada@example.test' };
    const [line] = linesOf(options, (logger) => logger.info({ body }, 'reset'));
    expect(line).toMatchObject({ body: { token: '[redacted]', challengeToken: '[redacted]', recoveryCode: '[redacted]', newPassword: '[redacted]', email: 'ada@example.test' } });
  });

  it('pretty-prints through the resolved pino-pretty on a terminal, without Nest boot chatter', () => {
    const { format, options } = processLoggerOptions(logging, { isTTY: true, prettyPrinter: PRETTY });
    expect(format).toBe('pretty');
    expect(options.transport).toMatchObject({ target: PRETTY, options: { singleLine: true } });
    const lines = linesOf(options, (logger) => {
      logger.info({ context: 'RouterExplorer' }, 'Mapped {/api/customers, GET} route');
      logger.warn({ context: 'RouterExplorer' }, 'kept: not info');
      logger.info({ context: 'Shutdown' }, 'kept: not boot chatter');
    });
    expect(lines.map((line) => line.msg)).toEqual(['kept: not info', 'kept: not boot chatter']);
  });
});

describe('loadLoggingConfig', () => {
  it('defaults to info, the format chosen by the output, and request lines', () => {
    expect(loadLoggingConfig({})).toEqual(new LoggingConfig('info', undefined, true));
    expect(loadLoggingConfig({ LOG_LEVEL: 'WARN', LOG_FORMAT: 'Pretty', LOG_REQUESTS: 'false' })).toEqual(new LoggingConfig('warn', 'pretty', false));
  });

  it('names every bad variable', () => {
    expect(() => loadLoggingConfig({ LOG_FORMAT: 'yaml', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadLoggingConfig({ LOG_FORMAT: 'yaml', LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of[\s\S]*LOG_FORMAT must be json or pretty/);
  });
});
