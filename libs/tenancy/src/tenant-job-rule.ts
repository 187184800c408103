// The one rule for what a worker job may do for a tenant that is not active: pure, no Nest, no
// database. The worker's TenantJobRunner applies it to every per-tenant job; fan-outs and sweeps
// use it to choose which tenants get jobs at all.

/** The registry's statuses (central `TenantStatus`), spelled out so the rule stays dependency-free. */
export type TenantJobStatus = 'provisioning' | 'active' | 'suspended';

/**
 * What a job does, as far as the rule is concerned:
 * - `billing`: issues invoices (billing cycle).
 * - `rating`: rates queued CDRs and debits prepaid balances.
 * - `collection`: charges a saved method, dunning steps and their e-mails.
 * - `customer-email`: e-mails a tenant's customers (invoice, low balance).
 * - `settlement`: applies money the provider already moved (webhooks, M-Pesa reconciliation).
 * - `test-clock`: advances a test clock (test mode), billing its customers as of the clock's time.
 */
export type TenantJobKind = 'billing' | 'rating' | 'collection' | 'customer-email' | 'settlement' | 'maintenance' | 'test-clock';

export type TenantJobDecision =
  | { action: 'run' }
  /** Done with nothing changed: the job completes with `{ skipped: reason }` and is never retried. */
  | { action: 'skip'; reason: string }
  /** Not now: the job waits `delayMs` (no attempt used) and asks again. */
  | { action: 'defer'; reason: string; delayMs: number };

/** How long a deferred job waits before it looks at the tenant's status again. */
export const SUSPENDED_TENANT_RECHECK_MS = 10 * 60_000;

/**
 * - Unknown (deleted) tenant: every job is skipped, so nothing retries forever for a tenant
 *   that is gone.
 * - Active tenant: everything runs.
 * - Suspended tenant: it is not billed, rated, charged or dunned, and its customers get no e-mail:
 *   - `billing` is skipped: the cycle bills every period that ended, so the first tick after
 *     resume catches up on all of them (one invoice per period, nothing lost).
 *   - `rating` and `collection` are deferred: the CDRs stay queued in the tenant's database (a
 *     rating run claims them only when it runs) and the charge keeps its place in the dunning
 *     schedule (deferral uses no attempt); both go ahead once the tenant is active again. A charge
 *     job is not skipped because its deterministic job id would make the next cycle's enqueue of
 *     the same invoice a no-op, and the charge would be lost.
 *   - `customer-email` is skipped: a late invoice or low-balance e-mail is stale; after resume an
 *     admin can send an invoice again (`/send`), and new balances raise new notices.
 *   - `settlement` runs: the customer already paid and the provider already holds the money.
 *     Leaving the invoice open would have it charged and dunned again on resume (a double
 *     charge), and M-Pesa never redelivers a callback. Settling only records what the provider
 *     confirms and moves no money; the customer e-mails it can cause (a failed checkout) are
 *     held back by `mayEmailCustomers`.
 *   - `maintenance` runs: the audit log's retention holds for a suspended tenant's data as well.
 *   - `test-clock` is deferred: the clock says `advancing` until its job ran, so a skipped advance
 *     would leave it advancing for good; it bills nothing while the tenant is suspended and
 *     finishes the advance once the tenant is active again.
 * - Provisioning tenant (database still being made): `settlement`, `rating` and `collection`
 *   are deferred, the rest skipped, as for a suspended tenant.
 */
export function decideTenantJob(status: TenantJobStatus | null | undefined, kind: TenantJobKind): TenantJobDecision {
  if (!status) return { action: 'skip', reason: 'tenant deleted' };
  if (status === 'active') return { action: 'run' };
  const reason = `tenant ${status}`;
  switch (kind) {
    case 'settlement':
      return status === 'suspended' ? { action: 'run' } : { action: 'defer', reason, delayMs: SUSPENDED_TENANT_RECHECK_MS };
    case 'rating':
    case 'collection':
    case 'test-clock':
      return { action: 'defer', reason, delayMs: SUSPENDED_TENANT_RECHECK_MS };
    case 'maintenance':
      return status === 'suspended' ? { action: 'run' } : { action: 'skip', reason };
    case 'billing':
    case 'customer-email':
      return { action: 'skip', reason };
    default:
      return assertNever(kind);
  }
}

/** Whether a job that runs (e.g. a settlement) may e-mail the tenant's customers. */
export function mayEmailCustomers(status: TenantJobStatus | null | undefined): boolean {
  return status === 'active';
}

function assertNever(kind: never): never {
  throw new Error(`unknown tenant job kind ${String(kind)}`);
}
