// The worker's side of account e-mails in medium tests: SendAccountMail on the test's own central
// database, sending through a real SMTP sink, so a test gets the token exactly as a user would.
import { Mailer } from '@nova/mail';
import type { AccountMailRequest } from '@nova/queue';
import { AccountMailOutcome, SendAccountMail } from '@nova/tenancy';
import type { MigratedCentralDb } from './migrated-central-db';
import { ParsedMessage, SmtpSink, startSmtpSink } from './smtp-sink';

export interface AccountMailHarness {
  readonly smtp: SmtpSink;
  readonly send: SendAccountMail;
  /** Runs the job and returns the e-mail it sent and the token in it (throws when nothing was sent). */
  deliver(request: AccountMailRequest): Promise<{ message: ParsedMessage; token: string }>;
  /** Runs the job when nothing should be sent. */
  run(request: AccountMailRequest): Promise<AccountMailOutcome>;
  close(): Promise<void>;
}

export const tokenInMail = (message: ParsedMessage): string => {
  const match = /^token: (\S+)$/m.exec(message.text ?? '');
  if (!match) throw new Error(`No token in "${message.subject}"`);
  return match[1]!;
};

export async function accountMailHarness(db: MigratedCentralDb): Promise<AccountMailHarness> {
  const smtp = await startSmtpSink();
  const mailer = new Mailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'NovaBilling Test <billing@test.local>' });
  const send = new SendAccountMail(db.central, mailer, db.config.http);
  return {
    smtp,
    send,
    async deliver(request) {
      const outcome = await send.execute(request);
      if (!outcome.sent) throw new Error(`Nothing sent: ${outcome.reason}`);
      const message = await smtp.waitFor((received) => received.messageId === outcome.messageId);
      return { message, token: tokenInMail(message) };
    },
    run: (request) => send.execute(request),
    async close() {
      await mailer.close();
      await smtp.close();
    },
  };
}
