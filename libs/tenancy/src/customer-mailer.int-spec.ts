// The customer mailer over real SMTP (a local sink) and a real central database: live mode mails
// the customer, test mode only ever the tenant itself.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ClsService } from 'nestjs-cls';
import { Mailer } from '@nova/mail';
import { MigratedCentralDb, migratedCentralDb, seedTenant } from '../../../test/support/migrated-central-db';
import { SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink';
import { CustomerMailer } from './customer-mailer';
import { TenantContext } from './tenant-context';

describe('CustomerMailer (real SMTP sink, real central database)', () => {
  let db: MigratedCentralDb;
  let sink: SmtpSink;
  let mailer: Mailer;
  const context = new TenantContext(new ClsService(new AsyncLocalStorage()));
  let customerMailer: CustomerMailer;

  beforeAll(async () => {
    db = await migratedCentralDb('customer_mail');
    sink = await startSmtpSink();
    mailer = new Mailer({ host: '127.0.0.1', port: sink.port, secure: false, from: 'billing@nova.example' });
    customerMailer = new CustomerMailer(mailer, context, db.central);
  });
  afterAll(async () => {
    await mailer.close();
    await sink.close();
    await db.drop();
  });

  const invoiceMail = (subject: string) => ({ to: 'amani@customer.example', replyTo: 'accounts@tenant.example', subject, text: 'Your invoice INV-1 is attached.', html: '<p>Your invoice INV-1 is attached.</p>' });
  const inMode = (tenantId: string, mode: 'live' | 'test', work: () => Promise<unknown>) => context.run({ id: tenantId, mode, dbServer: 'main', dbName: 'unused' }, work);
  const received = (subject: string) => sink.waitFor((message) => message.subject?.includes(subject) === true, 5_000);

  it('sends live-mode e-mail to the customer as written', async () => {
    const { tenantId } = await seedTenant(db.central);
    const subject = `Invoice ${randomUUID()}`;
    await inMode(tenantId, 'live', () => customerMailer.send(invoiceMail(subject)));
    const message = await received(subject);
    expect(message.envelope.rcptTo).toEqual(['amani@customer.example']);
    expect(message.subject).toBe(subject);
  });

  it('sends test-mode e-mail to the tenant\'s billing address, never the customer, marked [TEST]', async () => {
    const { tenantId } = await seedTenant(db.central);
    await db.central.pool.query('UPDATE tenants SET billing_email = $2 WHERE id = $1', [tenantId, 'finance@tenant.example']);
    const subject = `Invoice ${randomUUID()}`;
    await inMode(tenantId, 'test', () => customerMailer.send(invoiceMail(subject)));
    const message = await received(subject);
    expect(message.envelope.rcptTo).toEqual(['finance@tenant.example']);
    expect(message.subject).toBe(`[TEST] ${subject}`);
    expect(message.text).toContain('Test mode: this e-mail would have gone to amani@customer.example.');
    expect(message.text).toContain('Your invoice INV-1 is attached.');
    expect(message.html).toContain('<strong>Test mode: this e-mail would have gone to amani@customer.example.');
    expect(JSON.stringify(message.envelope)).not.toContain('customer.example');
  });

  it('falls back to the owner without a billing address, and refuses for good with neither', async () => {
    const { tenantId, email } = await seedTenant(db.central);
    const subject = `Reminder ${randomUUID()}`;
    await inMode(tenantId, 'test', () => customerMailer.send({ ...invoiceMail(subject), to: ['a@customer.example', 'b@customer.example'] }));
    const message = await received(subject);
    expect(message.envelope.rcptTo).toEqual([email]);
    expect(message.text).toContain('would have gone to a@customer.example, b@customer.example');

    await db.central.pool.query('DELETE FROM admin_users WHERE tenant_id = $1', [tenantId]);
    await expect(inMode(tenantId, 'test', () => customerMailer.send(invoiceMail('nowhere')))).rejects.toThrow(/no billing e-mail or owner/);
  });
});
