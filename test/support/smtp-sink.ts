import type { AddressInfo } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

/** A message as the sink received it: the parsed MIME message plus the SMTP envelope. */
export type ParsedMessage = PostalMime.Email & {
  envelope: { mailFrom: string | null; rcptTo: string[]; authUser: string | null };
  raw: Buffer;
};

export interface SmtpSink {
  port: number;
  /** Every message received so far, oldest first. */
  messages: ParsedMessage[];
  /** Resolves with the first message (already received or yet to come) that matches. */
  waitFor(predicate: (message: ParsedMessage) => boolean, timeoutMs?: number): Promise<ParsedMessage>;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (message: ParsedMessage) => boolean;
  resolve: (message: ParsedMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A real SMTP server on 127.0.0.1 (random port) that accepts every message, with or without
 * AUTH, in plain text, and keeps it parsed in memory for tests to inspect.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMessage[] = [];
  const waiters = new Set<Waiter>();

  const deliver = (message: ParsedMessage) => {
    messages.push(message);
    for (const waiter of waiters) {
      if (!waiter.predicate(message)) continue;
      waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(message);
    }
  };

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Tests close the sink right after their clients; don't wait 30 s for lingering sockets.
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw).then((email) => {
          deliver({
            ...email,
            envelope: {
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              authUser: typeof session.user === 'string' ? session.user : null,
            },
            raw,
          });
          callback();
        }, callback);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    messages,
    waitFor(predicate, timeoutMs = 5_000) {
      const received = messages.find(predicate);
      if (received) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const subjects = messages.map((message) => JSON.stringify(message.subject)).join(', ') || 'none';
            reject(new Error(`No matching e-mail arrived within ${timeoutMs} ms (received: ${subjects})`));
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    async close() {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('SMTP sink closed'));
      }
      waiters.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
