import { ConfigError } from '../env-reader';
import { loadConfig } from '../app-config';

const VALID = {
  CENTRAL_DATABASE_URL: 'postgresql://postgres@db.internal:5432/novabilling',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEY: 'ab'.repeat(32),
};

function problems(overrides: Record<string, string>): string[] {
  try {
    loadConfig({ ...VALID, ...overrides });
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('operator credential (OPERATOR_*)', () => {
  it('is off unless configured', () => {
    const operator = loadConfig(VALID).operator;
    expect(operator.enabled).toBe(false);
    expect(operator.basic).toBeUndefined();
    expect(operator.token).toBeUndefined();
  });

  it('takes HTTP Basic, a bearer token, or both', () => {
    expect(loadConfig({ ...VALID, OPERATOR_USERNAME: 'ops', OPERATOR_PASSWORD: 'twelve-chars' }).operator).toMatchObject({ enabled: true, basic: { username: 'ops', password: 'twelve-chars' }, token: undefined });
    expect(loadConfig({ ...VALID, OPERATOR_TOKEN: 't'.repeat(32) }).operator).toMatchObject({ enabled: true, basic: undefined, token: 't'.repeat(32) });
  });

  it('refuses half a Basic credential, short secrets and a tenant API key as the token', () => {
    expect(problems({ OPERATOR_USERNAME: 'ops' })).toEqual(['OPERATOR_USERNAME and OPERATOR_PASSWORD must be set together']);
    expect(problems({ OPERATOR_PASSWORD: 'twelve-chars' })).toEqual(['OPERATOR_USERNAME and OPERATOR_PASSWORD must be set together']);
    expect(problems({ OPERATOR_USERNAME: 'o:ps', OPERATOR_PASSWORD: 'twelve-chars' })).toEqual([expect.stringContaining('OPERATOR_USERNAME must not contain ":"')]);
    expect(problems({ OPERATOR_USERNAME: 'ops', OPERATOR_PASSWORD: 'eleven-char' })).toEqual(['OPERATOR_PASSWORD must be at least 12 characters']);
    expect(problems({ OPERATOR_TOKEN: 't'.repeat(31) })).toEqual([expect.stringContaining('OPERATOR_TOKEN must be at least 32 characters')]);
    expect(problems({ OPERATOR_TOKEN: `sk_live_${'a'.repeat(40)}` })).toEqual([expect.stringContaining('OPERATOR_TOKEN must not be a tenant API key')]);
  });
});
