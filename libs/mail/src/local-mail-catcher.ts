// A tiny SMTP server for a developer's machine: `npm start` runs it when nothing answers at a
// loopback SMTP_HOST:SMTP_PORT, so the e-mails the worker sends (invoices, password resets,
// invitations …) land as .eml files to open instead of failing and being retried. Plain node:net
// and the few SMTP commands nodemailer uses (no TLS, no AUTH, no pipelining advertised): it
// accepts everything and relays nothing. Not for production: it listens on loopback only.
import { mkdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, type Socket, createServer } from 'node:net';
import { join } from 'node:path';

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  /** Where the raw message was written. */
  file: string;
}

export interface LocalMailCatcher {
  port: number;
  close(): Promise<void>;
}

/** Larger messages (a PDF is ~50 kB) are refused with 552 rather than held in memory. */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}

/** The `Subject:` header of a raw message (folded lines joined), as sent (MIME words left encoded). */
export function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const match = /^subject:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head);
  return match ? match[1]!.replace(/\r?\n[ \t]+/g, ' ').trim() : '';
}

export async function startLocalMailCatcher(options: { host: string; port: number; dir: string; onMail: (mail: CaughtMail) => void }): Promise<LocalMailCatcher> {
  mkdirSync(options.dir, { recursive: true });
  let caught = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let envelope: { from: string; to: string[] } = { from: '', to: [] };
    let data: string[] | undefined;
    let dataBytes = 0;
    let buffered = '';

    const command = (line: string) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') return reply('250-novabilling-mail-catcher\r\n250-8BITMIME\r\n250 SMTPUTF8');
      if (verb === 'HELO') return reply('250 novabilling-mail-catcher');
      if (verb === 'MAIL') return (envelope = { from: addressIn(line), to: [] }), reply('250 OK');
      if (verb === 'RCPT') return envelope.to.push(addressIn(line)), reply('250 OK');
      if (verb === 'DATA') return (data = []), (dataBytes = 0), reply('354 End data with <CR><LF>.<CR><LF>');
      if (verb === 'RSET') return (envelope = { from: '', to: [] }), reply('250 OK');
      if (verb === 'NOOP') return reply('250 OK');
      if (verb === 'QUIT') return reply('221 Bye'), socket.end();
      return reply('502 Command not implemented');
    };

    const dataLine = (line: string) => {
      if (line !== '.') {
        // Dot-stuffing: a line the client began with "." was sent with ".." (RFC 5321 4.5.2).
        const text = line.startsWith('..') ? line.slice(1) : line;
        dataBytes += text.length + 2;
        if (dataBytes <= MAX_MESSAGE_BYTES) data!.push(text);
        return;
      }
      const lines = data!;
      data = undefined;
      if (dataBytes > MAX_MESSAGE_BYTES) return reply('552 Message too large');
      const raw = `${lines.join('\r\n')}\r\n`;
      caught += 1;
      const file = join(options.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${caught}.eml`);
      writeFileSync(file, raw);
      options.onMail({ ...envelope, subject: subjectOf(raw), file });
      reply('250 OK: caught');
    };

    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (data) dataLine(line);
        else command(line);
      }
    });
    reply('220 novabilling-mail-catcher ESMTP');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The address of `MAIL FROM:<a@b> SIZE=…` or `RCPT TO:<a@b>`. */
function addressIn(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? line.slice(line.indexOf(':') + 1).trim();
}
