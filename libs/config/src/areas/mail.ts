import { EnvReader } from '../env-reader';

export class MailConfig {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly secure: boolean,
    readonly user: string | undefined,
    readonly password: string | undefined,
    readonly from: string,
  ) {}

  static fromEnv(env: EnvReader): MailConfig {
    return new MailConfig(
      env.string('SMTP_HOST', '127.0.0.1'),
      env.int('SMTP_PORT', 1025, { min: 1, max: 65535 }),
      env.bool('SMTP_SECURE', false),
      env.optionalString('SMTP_USER'),
      env.optionalString('SMTP_PASSWORD'),
      env.string('MAIL_FROM', 'NovaBilling <billing@localhost>'),
    );
  }
}
