import { createTransport } from 'nodemailer';
import { assertValidSmtpConfig, type SmtpConfig } from './smtp-config';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingMail {
  to: string | string[];
  /** Where replies go, e.g. the tenant's billing address (the sender stays MAIL_FROM). */
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export class InvalidMailError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`Invalid e-mail: ${field} ${problem}`);
  }
}

// Few connections suffice for invoice runs and stay polite to shared relays; the timeouts keep
// a dead relay from stalling a worker for nodemailer's default of minutes.
const POOL = { maxConnections: 3, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 } as const;

/**
 * Sends e-mail through one SMTP relay over a pool of reused connections. Create one per
 * process and `close()` it on shutdown.
 */
export class Mailer {
  private readonly transport;
  private readonly from: string;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(config: SmtpConfig) {
    assertValidSmtpConfig(config);
    this.from = config.from;
    this.transport = createTransport({
      pool: true,
      host: config.host,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: config.password } : undefined,
      ...POOL,
    });
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    const recipients = typeof mail.to === 'string' ? [mail.to] : mail.to;
    if (!Array.isArray(recipients) || recipients.length === 0 || recipients.some((to) => typeof to !== 'string' || to.trim() === '')) {
      throw new InvalidMailError('to', 'must name at least one recipient');
    }
    if (typeof mail.subject !== 'string' || mail.subject.trim() === '') throw new InvalidMailError('subject', 'must be a non-empty string');
    const delivery = this.transport.sendMail({
      from: this.from,
      to: recipients,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments?.map(({ filename, content, contentType }) => ({ filename, content, contentType })),
    });
    this.inFlight.add(delivery);
    try {
      const info = await delivery;
      return { messageId: info.messageId };
    } finally {
      this.inFlight.delete(delivery);
    }
  }

  /**
   * Lets every message already handed to `send` finish (nodemailer's own close would fail the
   * queued ones), then closes the pooled connections.
   */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    this.transport.close();
  }
}
