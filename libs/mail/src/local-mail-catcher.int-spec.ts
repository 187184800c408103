import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CaughtMail, type LocalMailCatcher, isLoopbackHost, startLocalMailCatcher, subjectOf } from './local-mail-catcher';
import { Mailer } from './mailer';

describe('the local mail catcher of npm start', () => {
  let dir: string;
  let catcher: LocalMailCatcher;
  const caught: CaughtMail[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nova-mail-'));
    catcher = await startLocalMailCatcher({ host: '127.0.0.1', port: 0, dir: join(dir, 'mail'), onMail: (mail) => caught.push(mail) });
  });

  afterAll(async () => {
    await catcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes what the worker\'s Mailer sends, over pooled connections, and writes each message to a file', async () => {
    const mailer = new Mailer({ host: '127.0.0.1', port: catcher.port, secure: false, from: 'NovaBilling <billing@localhost>' });
    await mailer.send({ to: 'amina@example.test', subject: 'Invoice INV-0001 from Savanna', text: 'Total: KES 2,500.00\n.a line that starts with a dot\n' });
    await mailer.send({ to: ['owner@example.test', 'billing@example.test'], subject: 'Reset your password', text: 'Token: abc', attachments: [{ filename: 'x.pdf', content: Buffer.from('%PDF-1.7 bytes'), contentType: 'application/pdf' }] });
    await mailer.close();

    expect(caught.map(({ from, to, subject }) => ({ from, to, subject }))).toEqual([
      { from: 'billing@localhost', to: ['amina@example.test'], subject: 'Invoice INV-0001 from Savanna' },
      { from: 'billing@localhost', to: ['owner@example.test', 'billing@example.test'], subject: 'Reset your password' },
    ]);
    const first = readFileSync(caught[0]!.file, 'utf8');
    expect(first).toContain('Total: KES 2,500.00');
    expect(first).toMatch(/^\.a line that starts with a dot$/m); // un-stuffed
    expect(readFileSync(caught[1]!.file, 'utf8')).toContain('filename=x.pdf');
  });

  it('reads folded subjects and knows loopback hosts', () => {
    expect(subjectOf('From: a@b\r\nSubject: [TEST] Invoice\r\n INV-0002 is due\r\nTo: c@d\r\n\r\nSubject: not this')).toBe('[TEST] Invoice INV-0002 is due');
    expect(subjectOf('From: a@b\r\n\r\nbody')).toBe('');
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('LOCALHOST'), isLoopbackHost('::1'), isLoopbackHost('mailpit'), isLoopbackHost('10.0.0.5')]).toEqual([true, true, true, false, false]);
  });
});
