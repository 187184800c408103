import type { CentralDb } from '@nova/central-db';
import { formatAmount } from '@nova/documents';
import { DomainError } from '@nova/domain';
import { lowBalanceEmail, type Mailer } from '@nova/mail';
import type { TenantDatabase } from '@nova/tenant-db';
import { findTenantProfile } from '@nova/tenancy';
import { lowBalanceNoticeFacts } from '../accounts.repository';
import { nanosPerMinorUnit } from '../prepaid-balance';

export interface SendLowBalanceNoticeCommand {
  tenantId: string;
  accountId: string;
}

/** E-mails the customer (and the tenant's billing address, in copy) that a prepaid balance is low. */
export async function sendLowBalanceNotice(
  db: TenantDatabase,
  { tenantId, accountId }: SendLowBalanceNoticeCommand,
  /** `mailer`: the CustomerMailer (test mode redirects the notice to the tenant). */
  deps: { central: CentralDb; mailer: Pick<Mailer, 'send'> },
): Promise<{ messageId: string }> {
  const account = await lowBalanceNoticeFacts(db.pool, accountId);
  if (!account) throw DomainError.notFound('Account', accountId);
  const settings = await findTenantProfile(deps.central, tenantId);
  // Shown in minor units, rounded down: the customer never sees more credit than there is.
  const perMinor = nanosPerMinorUnit(account.currency);
  const email = lowBalanceEmail({
    tenantName: settings.name,
    customerName: account.customerName,
    balanceFormatted: formatAmount(account.balanceNanos / perMinor, account.currency),
    thresholdFormatted: formatAmount(account.lowBalanceThresholdNanos / perMinor, account.currency),
    numbers: account.numbers.map((number) => `+${number}`),
  });
  const to = settings.billingEmail ? [account.customerEmail, settings.billingEmail] : account.customerEmail;
  return deps.mailer.send({ to, replyTo: settings.billingEmail ?? undefined, ...email });
}
