import { Injectable, Logger } from '@nestjs/common';
import { TenantDb } from '../tenant-db.service';
import { TenantContext } from '../tenant-context';
import { TenantDirectory, tenantRefIn } from '../tenant-directory';
import type { AuditActor, AuditOrigin } from './audit-context';
import { AuditTrail } from './audit-trail';
import { ExplicitAuditEntry, insertAuditEntry } from './audit-log.repository';

export type CentralChange = ExplicitAuditEntry;

/** The actor of a change an admin made to their own account through /api/auth/*: the user, by e-mail. */
export function userActor(user: { id: string; email: string }): AuditActor {
  return { type: 'user', id: user.id, label: user.email };
}

/**
 * The tenant's own rows in the central database (its settings, API keys, team, its admins'
 * passwords and sessions) have no trigger writing to the tenant's log: their use cases record the
 * change here, in the tenant's audit log, right after the central transaction commits (two
 * databases, so not one transaction: a failure here is answered as an error, the change stays).
 * `record` needs a tenant context (a request past the guard); scripts run these use cases without it.
 * `recordFor` serves the public /api/auth/* routes (sign-in, password reset, invitation acceptance,
 * e-mail change), which have no tenant context: it opens one for the tenant's live database.
 */
@Injectable()
export class CentralAuditLog {
  private readonly logger = new Logger(CentralAuditLog.name);

  constructor(
    private readonly tenantDb: TenantDb,
    private readonly context?: TenantContext,
    private readonly directory?: TenantDirectory,
    private readonly trail?: AuditTrail,
  ) {}

  async record(change: CentralChange): Promise<void> {
    await insertAuditEntry((await this.tenantDb.connection()).pool, change);
  }

  /**
   * Records `change` in the live audit log of `tenantId` as `actor`'s doing from `origin`, outside any request's tenant
   * context. Best effort: the change it reports is committed and its caller answered already (a sign-in is not
   * refused because the tenant's database is slow), so a failure is logged, never thrown.
   */
  async recordFor(tenantId: string, actor: AuditActor, origin: AuditOrigin, change: CentralChange): Promise<void> {
    const { context, directory, trail } = this;
    if (!context || !directory || !trail) return;
    try {
      const tenant = await directory.find(tenantId);
      if (!tenant) return;
      await context.run(tenantRefIn(tenant, 'live'), async () => {
        trail.actAs(actor, origin);
        await this.record(change);
      }, origin.requestId);
    } catch (error) {
      this.logger.warn(`tenant ${tenantId}: audit entry ${change.action} not recorded: ${(error as Error).message}`);
    }
  }
}
/** The fields whose values differ, before and after, under their column names (snake case, as the triggers record them). */
export function changedColumns(before: object, after: object, fields: readonly string[]): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const old: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  const read = (row: object, field: string) => normalised((row as Record<string, unknown>)[field]);
  for (const field of fields) {
    if (JSON.stringify(read(before, field)) === JSON.stringify(read(after, field))) continue;
    const column = field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    old[column] = read(before, field);
    now[column] = read(after, field);
  }
  return Object.keys(now).length > 0 ? { before: old, after: now } : null;
}

function normalised(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
