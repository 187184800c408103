// Collection for a test clock's customers, as of the clock's frozen time: the same dunning and
// reminders as the wall-time run, selected by the clock's scope. Automatic charges of a clock's
// invoices are not queued with the payments queue's (wall-time) backoff: the clock's advance runs
// each attempt (RunDunningAttempt, with the clock's time as `now`) when the clock reaches it.
import type { TenantDatabase } from '@nova/tenant-db';
import type { ClockScope } from '../../customers';
import { nextDunningAttemptAt, selectDueDunningAttempts, startDunningForCollectableInvoices } from '../dunning.repository';
import { nextReminderAt } from '../reminders.repository';
import type { DunningAttemptCommand } from './run-dunning-attempt';
import { tenantDunningPolicy } from './payment-settings';

/** The automatic charge attempts due by `asOf` for the invoices in `scope` (dunning started for new ones first). */
export async function dunningAttemptsDue(db: TenantDatabase, scope: ClockScope, asOf: Date, installationRetryDelaysSeconds: readonly number[]): Promise<DunningAttemptCommand[]> {
  await startDunningForCollectableInvoices(db.pool, scope);
  const due = await selectDueDunningAttempts(db.pool, scope, asOf);
  if (due.length === 0) return [];
  const policy = await tenantDunningPolicy(db, installationRetryDelaysSeconds);
  const retryDelaysMs = policy.retryDelaysSeconds.map((delay) => delay * 1000);
  return due.map(({ invoiceId, attempts }) => ({ invoiceId, attempt: attempts + 1, maxAttempts: retryDelaysMs.length + 1, retryDelaysMs, now: asOf }));
}

/** The next moment after `after` collection has work in `scope` (a dunning retry, a reminder day), or null. */
export async function nextCollectionEvent(db: TenantDatabase, scope: ClockScope, after: Date, installationRetryDelaysSeconds: readonly number[]): Promise<Date | null> {
  const { reminderDays } = await tenantDunningPolicy(db, installationRetryDelaysSeconds);
  const [retry, reminder] = await Promise.all([nextDunningAttemptAt(db.pool, scope, after), nextReminderAt(db.pool, reminderDays, scope, after)]);
  if (!retry) return reminder;
  if (!reminder) return retry;
  return retry < reminder ? retry : reminder;
}
