import { Injectable } from '@nestjs/common';
import { TenantDb } from '../tenant-db.service';
import { ExplicitAuditEntry, insertAuditEntry } from './audit-log.repository';

export type CentralChange = ExplicitAuditEntry;

/**
 * The tenant's own rows in the central database (its settings, API keys, team, its admins'
 * passwords and sessions) have no trigger writing to the tenant's log: their use cases record the
 * change here, in the tenant's audit log, right after the central transaction commits (two
 * databases, so not one transaction: a failure here is answered as an error, the change stays).
 * Needs a tenant context (a request past the guard); scripts run these use cases without it.
 */
@Injectable()
export class CentralAuditLog {
  constructor(private readonly tenantDb: TenantDb) {}

  async record(change: CentralChange): Promise<void> {
    await insertAuditEntry((await this.tenantDb.connection()).pool, change);
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
