import { Test } from '@nestjs/testing';
import { formatAmount, renderInvoicePdf } from '@nova/documents';
import { sampleInvoice } from '../../documents/src/testing/sample-invoice';
import { startSmtpSink, type SmtpSink } from '../../../test/support/smtp-sink';
import { MailModule } from './mail.module';
import { Mailer } from './mailer';
import type { SmtpConfig } from './smtp-config';
import { invoiceEmail } from './templates/invoice-email';

describe('Mailer over SMTP', () => {
  let sink: SmtpSink;
  let config: SmtpConfig;

  beforeEach(async () => {
    sink = await startSmtpSink();
    config = { host: '127.0.0.1', port: sink.port, secure: false, from: '"Savanna Telecom" <billing@savanna.example>' };
  });

  afterEach(() => sink.close());

  it('delivers an invoice e-mail with its PDF attached, byte for byte', async () => {
    const invoice = sampleInvoice({ tenant: { name: 'Savanna <Telecom> & Co' } });
    const pdf = await renderInvoicePdf(invoice);
    const email = invoiceEmail({
      tenantName: invoice.tenant.name,
      customerName: invoice.customer.name,
      number: invoice.number,
      totalFormatted: formatAmount(invoice.total, invoice.currency),
      dueDate: invoice.dueAt,
      currency: invoice.currency,
    });
    const mailer = new Mailer(config);

    const { messageId } = await mailer.send({
      to: invoice.customer.email,
      ...email,
      attachments: [{ filename: `${invoice.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
    });
    await mailer.close();

    const received = await sink.waitFor((message) => message.messageId === messageId, 5_000);
    expect(received.envelope.rcptTo).toEqual(['wanjiku@example.co.ke']);
    expect(received.envelope.mailFrom).toBe('billing@savanna.example');
    expect(received.to?.map((to) => ('address' in to ? to.address : null))).toEqual(['wanjiku@example.co.ke']);
    expect(received.subject).toBe('Invoice INV-2025-000123 from Savanna <Telecom> & Co');
    expect(received.text).toContain('for KES 11,361.04, due on 15 Nov 2025');
    expect(received.html).toContain('Savanna &lt;Telecom&gt; &amp; Co');
    expect(received.attachments).toHaveLength(1);
    const [attachment] = received.attachments;
    expect(attachment!.filename).toBe('INV-2025-000123.pdf');
    expect(attachment!.mimeType).toBe('application/pdf');
    expect(Buffer.from(attachment!.content as ArrayBuffer).equals(pdf)).toBe(true);
  });

  it('authenticates when a user is configured', async () => {
    const mailer = new Mailer({ ...config, user: 'relay-user', password: 'relay-secret' });
    await mailer.send({ to: 'a@example.com', subject: 'Hello', text: 'Hi' });
    await mailer.close();
    expect(sink.messages.map((message) => message.envelope.authUser)).toEqual(['relay-user']);
  });

  it('sends concurrent messages over the pool and lets them finish before closing', async () => {
    const mailer = new Mailer(config);
    const recipients = Array.from({ length: 8 }, (_, index) => `customer${index}@example.com`);
    const sends = recipients.map((to, index) => mailer.send({ to, subject: `Message ${index}`, text: `Body ${index}` }));
    // Closing right away must not fail the messages that are still queued in the pool.
    await mailer.close();

    const results = await Promise.all(sends);
    expect(new Set(results.map((result) => result.messageId)).size).toBe(recipients.length);
    expect(sink.messages.flatMap((message) => message.envelope.rcptTo).sort()).toEqual([...recipients].sort());
  });

  it('rejects a message sent after close', async () => {
    const mailer = new Mailer(config);
    await mailer.close();
    await expect(mailer.send({ to: 'a@example.com', subject: 'Late', text: 'x' })).rejects.toThrow(/closed/);
  });

  it('is provided by MailModule and closed with the application', async () => {
    const app = await Test.createTestingModule({ imports: [MailModule.forRoot(config)] }).compile();
    const mailer = app.get(Mailer);
    await mailer.send({ to: ['x@example.com', 'y@example.com'], subject: 'Via Nest', text: 'Hello' });
    expect(sink.messages[0]?.envelope.rcptTo).toEqual(['x@example.com', 'y@example.com']);

    await app.close();
    await expect(mailer.send({ to: 'x@example.com', subject: 'After shutdown', text: 'x' })).rejects.toThrow(/closed/);
  });
});
