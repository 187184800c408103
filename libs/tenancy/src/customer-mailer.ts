import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { CentralDb } from '@nova/central-db';
import { Mailer, escapeHtml, type OutgoingMail } from '@nova/mail';
import { TenantContext } from './tenant-context';
import { findTenantOwnAddress } from './tenants.repository';

export const TEST_MODE_SUBJECT_MARK = '[TEST]';

/**
 * A customer e-mail as test mode sends it: to the tenant's own address instead of the customer
 * (test data holds real-looking addresses, and a customer must never hear of a test invoice),
 * with the subject marked and a first line saying whom it would have gone to. No copy, no reply-to
 * elsewhere: the tenant alone receives it.
 */
export function testModeMail(mail: OutgoingMail, tenantAddress: string): OutgoingMail {
  const intended = (typeof mail.to === 'string' ? [mail.to] : mail.to).join(', ');
  const note = `Test mode: this e-mail would have gone to ${intended}. Customers never receive test-mode e-mail.`;
  return {
    ...mail,
    to: tenantAddress,
    replyTo: undefined,
    subject: `${TEST_MODE_SUBJECT_MARK} ${mail.subject}`,
    text: `${note}\n\n${mail.text}`,
    html: mail.html === undefined ? undefined : `<p><strong>${escapeHtml(note)}</strong></p>\n${mail.html}`,
  };
}

/**
 * The one way e-mail to a tenant's customers is sent (invoices, credit notes, reminders, failed
 * payments, low balances): as given in live mode; in test mode redirected to the tenant itself
 * (testModeMail: its billing e-mail, else its owner). Needs a tenant context, like the jobs that use it.
 */
@Injectable()
export class CustomerMailer {
  constructor(
    private readonly mailer: Mailer,
    private readonly context: TenantContext,
    private readonly central: CentralDb,
  ) {}

  async send(mail: OutgoingMail): Promise<{ messageId: string }> {
    if (this.context.mode === 'live') return this.mailer.send(mail);
    const tenantAddress = await findTenantOwnAddress(this.central.pool, this.context.tenantId);
    // Without any address of its own the e-mail has nowhere safe to go; retrying will not find one.
    if (!tenantAddress) throw new UnrecoverableError(`Tenant ${this.context.tenantId} has no billing e-mail or owner to receive its test-mode e-mail`);
    return this.mailer.send(testModeMail(mail, tenantAddress));
  }
}
