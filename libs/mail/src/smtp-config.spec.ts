import { assertValidSmtpConfig, InvalidSmtpConfigError, type SmtpConfig } from './smtp-config';

const valid: SmtpConfig = { host: 'smtp.example.com', port: 587, secure: false, user: 'billing', password: 's3cret-value', from: 'billing@example.com' };

describe('assertValidSmtpConfig', () => {
  it('accepts a complete config, and one without credentials', () => {
    expect(() => assertValidSmtpConfig(valid)).not.toThrow();
    expect(() => assertValidSmtpConfig({ ...valid, user: undefined, password: undefined })).not.toThrow();
  });

  it.each<[string, Partial<SmtpConfig>]>([
    ['host', { host: '' }],
    ['port', { port: 0 }],
    ['port', { port: 70000 }],
    ['port', { port: 25.5 }],
    ['from', { from: ' ' }],
    ['password', { password: undefined }],
    ['user', { user: undefined }],
  ])('names the bad field %s', (field, override) => {
    const attempt = () => assertValidSmtpConfig({ ...valid, ...override });
    expect(attempt).toThrow(InvalidSmtpConfigError);
    expect(attempt).toThrow(`Invalid SMTP config: ${field} `);
  });

  it('never puts the password in an error message', () => {
    try {
      assertValidSmtpConfig({ ...valid, port: -1 });
    } catch (error) {
      expect((error as Error).message).not.toContain(valid.password);
      return;
    }
    throw new Error('expected a validation error');
  });
});
